//! Handlebars helpers the templates use, registered in code.
//!
//! Plain `{{value}}` already escapes: for Markdown templates (`*.md.hbs`) with
//! [`escape::md_inline`], for HTML templates with HTML escaping. The helpers cover the other
//! contexts. Each writes its own, already escaped, output (so use them with double braces):
//!
//! | Helper | Use | Output |
//! |---|---|---|
//! | `{{md_block text}}` | Markdown paragraphs | escaped paragraphs, hard line breaks |
//! | `{{code text}}` | Markdown inline code | a code span showing `text` verbatim |
//! | `{{cell_code text}}` | Markdown inline code inside a table cell | as `code`, `\|` for pipes |
//! | `{{fence lang text}}` | Markdown code block | a fenced block longer than any backtick run |
//! | `{{md_url url}}` | Markdown link destination | `<url>` with unsafe characters encoded |
//! | `{{type_md segments}}` | a type in a Markdown page one folder deep | text with `[Name](../types/x.md)` links |
//! | `{{type_html segments}}` | a type in `index.html` | escaped text with `<a href="#type-x">` links |
//! | `{{html_lines text}}` | multi-line text in an HTML table cell | escaped, `<br>` line breaks |
//! | `{{html_block text}}` | HTML paragraphs | `<p>` elements, `<br>` line breaks |
//! | `{{path_html path}}` | a URL path in HTML | escaped, with `<wbr>` after each `/` so it wraps there |
//! | `{{raw text}}` | trusted text (CSS, JS, the header comment) | `text` unchanged |
//!
//! `segments` is the `ty` list of the view model (`[{text, file, anchor}]`). Handlebars'
//! built-ins (`if`, `unless`, `each`, `with`, `lookup`, `eq`, `ne`, `and`, `or`, `not`, `len`,
//! `gt`, `lt`) are available too. Templates run in strict mode: a misspelt field is an error,
//! not an empty string.

use crate::escape;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};
use serde_json::Value;

fn param<'a>(h: &'a Helper, index: usize) -> Result<&'a Value, RenderError> {
    h.param(index)
        .map(|p| p.value())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("helper", index).into())
}

fn text_param(h: &Helper, index: usize) -> Result<String, RenderError> {
    Ok(match param(h, index)? {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

type Fn1 = fn(&str) -> String;

fn register_text(hb: &mut Handlebars<'_>, name: &'static str, f: Fn1) {
    hb.register_helper(
        name,
        Box::new(
            move |h: &Helper,
                  _: &Handlebars,
                  _: &Context,
                  _: &mut RenderContext,
                  out: &mut dyn Output|
                  -> HelperResult {
                let text = text_param(h, 0)?;
                out.write(&f(&text))?;
                Ok(())
            },
        ),
    );
}

/// A type segment: text, Markdown file, HTML anchor.
type Segment = (String, Option<String>, Option<String>);

fn segments(h: &Helper) -> Result<Vec<Segment>, RenderError> {
    let value = param(h, 0)?;
    let list = value.as_array().ok_or_else(|| {
        RenderError::from(RenderErrorReason::InvalidParamType(
            "a list of type segments",
        ))
    })?;
    Ok(list
        .iter()
        .map(|s| {
            let get = |k: &str| s.get(k).and_then(Value::as_str).map(str::to_string);
            (get("text").unwrap_or_default(), get("file"), get("anchor"))
        })
        .collect())
}

/// Registers every helper on `hb`.
pub fn register(hb: &mut Handlebars<'_>) {
    register_text(hb, "md_block", escape::md_block);
    register_text(hb, "code", |t| escape::md_code(t, false));
    register_text(hb, "cell_code", |t| escape::md_code(t, true));
    register_text(hb, "md_url", escape::md_url);
    register_text(hb, "html_block", escape::html_block);
    register_text(hb, "html_lines", escape::html_lines);
    register_text(hb, "raw", str::to_string);
    register_text(hb, "path_html", |t| escape::html(t).replace('/', "/<wbr>"));
    hb.register_helper(
        "fence",
        Box::new(
            |h: &Helper,
             _: &Handlebars,
             _: &Context,
             _: &mut RenderContext,
             out: &mut dyn Output|
             -> HelperResult {
                let lang = text_param(h, 0)?;
                let text = text_param(h, 1)?;
                out.write(&escape::md_fence(&lang, &text))?;
                Ok(())
            },
        ),
    );
    hb.register_helper(
        "type_md",
        Box::new(
            |h: &Helper,
             _: &Handlebars,
             _: &Context,
             _: &mut RenderContext,
             out: &mut dyn Output|
             -> HelperResult {
                for (text, file, _) in segments(h)? {
                    // Keep the spaces between segments (`array of ` + a link).
                    let lead = if text.starts_with(' ') { " " } else { "" };
                    let trail = if text.ends_with(' ') && text.trim() != "" {
                        " "
                    } else {
                        ""
                    };
                    let text = format!("{lead}{}{trail}", escape::md_inline(&text));
                    match file {
                        Some(f) => out.write(&format!("[{text}](../{f})"))?,
                        None => out.write(&text)?,
                    }
                }
                Ok(())
            },
        ),
    );
    hb.register_helper(
        "type_html",
        Box::new(
            |h: &Helper,
             _: &Handlebars,
             _: &Context,
             _: &mut RenderContext,
             out: &mut dyn Output|
             -> HelperResult {
                for (text, _, anchor) in segments(h)? {
                    let text = escape::html(&text);
                    match anchor {
                        Some(a) => {
                            out.write(&format!("<a href=\"#{}\">{text}</a>", escape::html(&a)))?
                        }
                        None => out.write(&text)?,
                    }
                }
                Ok(())
            },
        ),
    );
}
