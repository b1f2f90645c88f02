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
//! | `{{#isolated value}}…{{/isolated}}` | a block that reads only `value` | the block rendered with `value` as its whole context |
//! | `{{#isolated list key}}…{{/isolated}}` | the same for `lookup list key` | (without copying the value) |
//!
//! `isolated` is `with` whose block sees nothing but its value: `@root` is the value, `../`
//! leads nowhere, no `@index` comes in. So its output is a function of the block, the value and
//! the templates alone, and the caller may keep it between runs ([`crate::Fragments`]):
//! `index.html.hbs` renders each operation and type article this way. Given an entry of the
//! site's `operations` or `types` (which hold only links, see [`crate::Units`]), the block sees
//! that operation's or type's whole view ([`crate::view::OperationView`],
//! [`crate::view::TypeView`]), built for the block and dropped after it.
//!
//! `segments` is the `ty` list of the view model (`[{text, file, anchor}]`). Handlebars'
//! built-ins (`if`, `unless`, `each`, `with`, `lookup`, `eq`, `ne`, `and`, `or`, `not`, `len`,
//! `gt`, `lt`) are available too. Templates run in strict mode: a misspelt field is an error,
//! not an empty string.

use crate::{escape, Digest, Fingerprint, Fragments};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, Renderable, StringOutput,
};
use serde_json::Value;

/// The `isolated` block helper (see the module docs), with the store its fragments are kept
/// in between runs, if any.
pub(crate) struct Isolated<'f> {
    /// Where rendered blocks are kept.
    pub(crate) fragments: Option<&'f dyn Fragments>,
    /// The digest of every template and the header ([`crate::Units`]).
    pub(crate) shared: Fingerprint,
    /// The entries of the site's template data that stand for a whole view, built only when a
    /// block is rendered (see [`crate::Units`]).
    pub(crate) views: Option<&'f dyn Views>,
}

/// Entries of the template data (an operation's link, a type's entry) that stand for a whole
/// view: `isolated` gives its block the whole view, which is built only when the block is
/// rendered and not kept from an earlier run.
pub(crate) trait Views: Sync {
    /// The digest of the whole view `value` stands for, if it is such an entry (looked up by
    /// its address in the template data).
    fn entry(&self, value: &Value) -> Option<Fingerprint>;
    /// The whole view `value` stands for, if it is such an entry.
    fn expand(&self, value: &Value) -> Option<Result<Value, String>>;
}

impl HelperDef for Isolated<'_> {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        _: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = match h.param(1) {
            // `isolated list key`: `lookup` by reference (the built-in copies the value).
            Some(key) => {
                let list = param(h, 0)?;
                let found = match list {
                    Value::Array(items) => key
                        .value()
                        .as_u64()
                        .and_then(|i| usize::try_from(i).ok().and_then(|i| items.get(i))),
                    Value::Object(map) => key.value().as_str().and_then(|k| map.get(k)),
                    _ => None,
                };
                found.ok_or_else(|| RenderError::strict_error(None))?
            }
            None => param(h, 0)?,
        };
        let Some(block) = h.template() else {
            return Ok(());
        };
        // The block is named by its template and its place there (line, column); every
        // template's text is part of `shared`.
        let key = match (self.fragments, block.mapping.first()) {
            (Some(_), Some(at)) => {
                let mut key = Digest::new("isolated");
                key.part(&self.shared)
                    .part(
                        rc.get_current_template_name()
                            .map_or(&b""[..], |n| n.as_bytes()),
                    )
                    .part(&(at.0 as u64).to_le_bytes())
                    .part(&(at.1 as u64).to_le_bytes())
                    .part(&(block.elements.len() as u64).to_le_bytes());
                match self.views.and_then(|v| v.entry(value)) {
                    Some(digest) => key.part(&digest),
                    None => key.part(&crate::value_digest(value)),
                };
                Some(key.finish())
            }
            _ => None,
        };
        if let (Some(store), Some(key)) = (self.fragments, &key) {
            if let Some(text) = store.get(key) {
                out.write(&text)?;
                return Ok(());
            }
        }
        let context = match self.views.and_then(|v| v.expand(value)) {
            Some(view) => Context::from(view.map_err(|e| {
                RenderError::from(RenderErrorReason::Other(format!(
                    "the view of an isolated block cannot be built: {e}"
                )))
            })?),
            None => Context::from(value.clone()),
        };
        let mut inner = RenderContext::new(None);
        let mut text = StringOutput::new();
        block.render(r, &context, &mut inner, &mut text)?;
        let text = text
            .into_string()
            .map_err(|e| RenderError::from(RenderErrorReason::Utf8Error(e)))?;
        if let (Some(store), Some(key)) = (self.fragments, key) {
            store.put(key, &text);
        }
        out.write(&text)?;
        Ok(())
    }
}

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
    hb.register_helper(
        "isolated",
        Box::new(Isolated {
            fragments: None,
            shared: [0; 32],
            views: None,
        }),
    );
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
