//! The raw reading of a page, shared by the HTML and text readers: a flat sequence of blocks
//! (headings, paragraphs, tables, sample headers and samples) with source lines. Both readers
//! produce it, one builder ([`super::build`]) turns it into the model, so an HTML page and its
//! text rendering give the same model.

/// One block of a page, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// 1-based source line.
    pub line: u32,
}

/// The kinds of blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading (`h1`..`h6`; in text, a recognised heading line).
    Heading {
        /// 1 to 6.
        level: u8,
        /// Heading text, whitespace collapsed.
        text: String,
    },
    /// A paragraph or bare inline text (a type line); `\n` separates visual lines.
    Para(String),
    /// A Parameters table (`Parameters.cshtml`).
    Params(Vec<ParamRow>),
    /// An enumeration table.
    Enum(EnumTable),
    /// The index page's API table of one controller.
    Apis(Vec<ApiRow>),
    /// `h4.sample-header`: media types joined by `, `.
    SampleHeader(String),
    /// A sample's text (`pre`), exactly.
    Sample(String),
}

/// A row of a Parameters table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParamRow {
    /// Name cell (empty when the rendering lost it).
    pub name: String,
    /// Documentation, `\n` between paragraphs.
    pub doc: String,
    /// Type cell text, whitespace collapsed.
    pub ty: String,
    /// Names the type cell links to (HTML only).
    pub links: Vec<String>,
    /// Annotation phrases, one per entry.
    pub annotations: Vec<String>,
    /// 1-based source line of the row.
    pub line: u32,
}

/// An enumeration table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnumTable {
    /// Whether the table has a Value column.
    pub has_values: bool,
    /// Whether the table has a Name column (without one, members are named by their value).
    pub has_names: bool,
    /// Members in order.
    pub rows: Vec<EnumRow>,
}

/// A member row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnumRow {
    /// Member name.
    pub name: String,
    /// Numeric value, when shown.
    pub value: Option<String>,
    /// Description.
    pub doc: String,
    /// 1-based source line.
    pub line: u32,
}

/// A row of the index page's API table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiRow {
    /// `METHOD relative/path?query`.
    pub api: String,
    /// Description.
    pub doc: String,
    /// 1-based source line.
    pub line: u32,
}
