//! The data dictionary, `README.md`: what each file and column holds, for people.
//!
//! Every text in it comes from the package and is escaped as Markdown text, so that a
//! title cannot open a link, an image, raw HTML or a new table cell. Names that
//! [`check`](super::check) has limited to safe characters (resource names, hashtags)
//! are shown as code.

use super::{Field, FieldType, Package, Resource, data_path, has_hxl, hxl_path};

pub(super) fn render(package: &Package) -> String {
    let mut out = String::new();
    let title = if package.title.is_empty() {
        &package.name
    } else {
        &package.title
    };
    out.push_str(&format!("# {}\n\n", inline(title)));
    if !package.description.is_empty() {
        out.push_str(&format!("{}\n\n", block(&package.description)));
    }
    out.push_str(&format!("- Package: `{}`\n", package.name));
    if !package.version.is_empty() {
        out.push_str(&format!("- Version: {}\n", inline(&package.version)));
    }
    if let Some(created) = &package.created {
        out.push_str(&format!("- Created: {}\n", inline(created)));
    }
    for license in &package.licenses {
        let mut line = inline(&license.name);
        if let Some(title) = &license.title {
            line.push_str(&format!(" ({})", inline(title)));
        }
        if let Some(path) = &license.path {
            line.push_str(&format!(", {}", inline(path)));
        }
        out.push_str(&format!("- Licence: {line}\n"));
    }

    out.push_str(
        "\n## Files\n\n\
         - `datapackage.json`: the [Frictionless Data Package](https://specs.frictionlessdata.io/) \
         descriptor (Data Package v1 with Table Schema), this dictionary for machines. \
         `frictionless validate datapackage.json` checks the tables against it.\n\
         - `data/*.csv`: one table per resource below. UTF-8, comma-separated, a header row, \
         values quoted when they contain a comma, a quote or a line break (RFC 4180), lines \
         ending in LF. An empty cell is a missing value. Dates are YYYY-MM-DD; a date \
         published only to the month (type yearmonth) is YYYY-MM. Numbers use a full stop \
         as the decimal separator and no thousands separator.\n",
    );
    if package.resources.iter().any(has_hxl) {
        out.push_str(
            "- `hxl/*.csv`: the same tables with a row of \
             [HXL](https://hxlstandard.org/) hashtags under the header, for humanitarian \
             tools. They are kept apart from `data/` because to any other reader the \
             hashtag row is a first row of data, which breaks the column types \
             (`#date` is not a date) that `datapackage.json` declares.\n",
        );
    }
    out.push_str(
        "\nA spreadsheet program may run a cell that starts with `=`, `+`, `-` or `@` as a \
         formula: import the files as text rather than opening them directly.\n",
    );

    out.push_str("\n## Resources\n");
    for resource in &package.resources {
        section(&mut out, resource);
    }
    out
}

fn section(out: &mut String, resource: &Resource) {
    let title = if resource.title.is_empty() {
        &resource.name
    } else {
        &resource.title
    };
    out.push_str(&format!("\n### {}\n\n", inline(title)));
    let rows = resource.rows.len();
    out.push_str(&format!(
        "`{}`, {rows} row{}",
        data_path(resource),
        if rows == 1 { "" } else { "s" }
    ));
    if has_hxl(resource) {
        out.push_str(&format!(" (with hashtags: `{}`)", hxl_path(resource)));
    }
    out.push_str(".\n\n");
    if !resource.description.is_empty() {
        out.push_str(&format!("{}\n\n", block(&resource.description)));
    }
    if !resource.primary_key.is_empty() {
        out.push_str(&format!(
            "Each row is identified by {}.\n\n",
            names(&resource.primary_key)
        ));
    }
    for fk in &resource.foreign_keys {
        out.push_str(&format!(
            "The values of {} are values of {} in `{}`.\n\n",
            names(&fk.fields),
            names(&fk.reference_fields),
            fk.resource
        ));
    }

    let hxl = has_hxl(resource);
    out.push_str("| Field | Type | Constraints | Description |");
    out.push_str(if hxl { " HXL |\n" } else { "\n" });
    out.push_str("| --- | --- | --- | --- |");
    out.push_str(if hxl { " --- |\n" } else { "\n" });
    for field in &resource.fields {
        let description = match (field.title.is_empty(), field.description.is_empty()) {
            (false, false) => format!(
                "**{}**: {}",
                inline(&field.title),
                inline(&field.description)
            ),
            (false, true) => format!("**{}**", inline(&field.title)),
            (true, _) => inline(&field.description),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {description} |",
            inline(&field.name),
            kind(field.kind),
            constraints(resource, field)
        ));
        if hxl {
            match &field.hxl {
                Some(tag) => out.push_str(&format!(" `{tag}` |")),
                None => out.push_str("  |"),
            }
        }
        out.push('\n');
    }
}

fn kind(kind: FieldType) -> String {
    match kind {
        FieldType::Boolean => "boolean (true, false)".to_owned(),
        FieldType::Date | FieldType::YearMonth | FieldType::Year => {
            format!("{kind} ({})", kind.format())
        }
        _ => kind.to_string(),
    }
}

fn constraints(resource: &Resource, field: &Field) -> String {
    let mut parts = Vec::new();
    if resource.primary_key.contains(&field.name) {
        parts.push("primary key".to_owned());
    }
    if field.required {
        parts.push("required".to_owned());
    }
    if field.unique {
        parts.push("unique".to_owned());
    }
    if let Some(allowed) = &field.allowed {
        let values: Vec<String> = allowed.iter().map(|v| inline(v)).collect();
        parts.push(format!("one of: {}", values.join(", ")));
    }
    if let Some(minimum) = field.minimum {
        parts.push(format!("at least {minimum}"));
    }
    if let Some(maximum) = field.maximum {
        parts.push(format!("at most {maximum}"));
    }
    for fk in &resource.foreign_keys {
        if let Some(i) = fk.fields.iter().position(|f| f == &field.name)
            && let Some(target) = fk.reference_fields.get(i)
        {
            parts.push(format!("a {} of `{}`", inline(target), fk.resource));
        }
    }
    parts.join("; ")
}

fn names(names: &[String]) -> String {
    names
        .iter()
        .map(|n| inline(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text as Markdown that renders as that text on one line: inside a table cell, a
/// heading or a list item. Every character with inline meaning is backslash-escaped
/// (CommonMark lets any ASCII punctuation be), `|` included so that a cell stays one
/// cell; line breaks and tabs become spaces.
///
/// Bare URLs are left as they are: GitHub's renderer makes them links, but the link is
/// the text it shows.
pub(super) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text as a paragraph of its own: [`inline`], and a first character that would start
/// a list, a heading or a code block escaped.
pub(super) fn block(text: &str) -> String {
    let out = inline(text);
    let ordered = out
        .find(|c: char| !c.is_ascii_digit())
        .filter(|&i| i > 0 && out[i..].starts_with(['.', ')']));
    if out.starts_with(['-', '+', '=']) {
        format!("\\{out}")
    } else if let Some(i) = ordered {
        format!("{}\\{}", &out[..i], &out[i..])
    } else {
        out
    }
}
