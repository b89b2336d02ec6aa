//! The OpenAPI 3.1 document of `/api/v1`, built from the same resource table the router
//! uses, so the two cannot drift apart.
//!
//! It says what the server accepts, as exactly as JSON Schema can: the body of each kind
//! of record with its required fields, closed lists as `enum` (the term codes of the
//! vocabularies in force included, so the document describes this installation), record
//! ids as UUIDs, and uncertain dates as the custom format `edtf`. What JSON Schema cannot
//! say (an age range whose lower bound is not above its upper one, an interval that does
//! not end before it starts, a vocabulary without duplicate codes) is in the
//! descriptions, and the server answers 422 naming the field.

use memoria_core::entity::{EntityKind, Status};
use memoria_core::publication::{
    BOUNDARIES_MAX_BYTES, ConsentGiver, ConsentRecording, ConsentUse, FIELDS,
};
use memoria_core::vocab::{VocabularySet, well_known as wk};
use serde_json::{Value, json};

use super::RESOURCES;

/// A record id in its hyphenated form: the cursor of a list of any kind but incidents
/// (the last id of a page).
const UUID: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// What the server trims as space (Rust's `char::is_whitespace`, Unicode's White_Space),
/// as a regular expression character class body. `\s` differs between regex dialects.
const SPACE: &str =
    "\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

pub fn document(vocabs: &VocabularySet) -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = common_schemas();
    for (resource, kind) in RESOURCES {
        let body_schema = format!("{}Body", schema_name(kind));
        schemas.insert(body_schema.clone(), body(kind, vocabs));
        let write = format!("{}Write", schema_name(kind));
        schemas.insert(
            write.clone(),
            json!({
                "type": "object",
                "required": ["body"],
                "properties": {"body": {"$ref": format!("#/components/schemas/{body_schema}")}}
            }),
        );
        let write = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{write}")}}}});
        let kind = kind.as_str();
        let tag = resource;
        let list_params = {
            let cursor = if resource == "incidents" {
                json!({"type": "string", "pattern": "^(o[0-9]{1,18}|kd[01]-?[0-9]{1,18}\\.[0-9a-f]{32})?$"})
            } else {
                json!({"type": "string", "pattern": format!("^({UUID})?$")})
            };
            let mut p = vec![
                param(
                    "after",
                    "query",
                    "The `next` cursor of the previous page; empty or absent for the first.",
                    cursor,
                ),
                param(
                    "limit",
                    "query",
                    "Items per page (1–500, default 50).",
                    json!({"type": "integer", "minimum": 1, "maximum": 500}),
                ),
                param(
                    "collection",
                    "query",
                    "Only records of this collection.",
                    json!({"type": "string", "format": "uuid"}),
                ),
            ];
            if resource == "incidents" {
                let or_empty =
                    |schema: Value| json!({"anyOf": [schema, {"type": "string", "maxLength": 0}]});
                for (name, doc, schema) in [
                    (
                        "from",
                        "EDTF date: incidents whose possible dates reach on or after it.",
                        or_empty(json!({"type": "string", "format": "edtf"})),
                    ),
                    (
                        "to",
                        "EDTF date: incidents whose possible dates reach on or before it.",
                        or_empty(json!({"type": "string", "format": "edtf"})),
                    ),
                    (
                        "violation",
                        "A violation-type term code; narrower terms match too.",
                        json!({"type": "string"}),
                    ),
                    (
                        "status",
                        "draft, under_review, verified or closed.",
                        json!({"type": "string", "enum": with_empty(status_codes())}),
                    ),
                    (
                        "confidentiality",
                        "public, internal, restricted or confidential.",
                        json!({"type": "string", "enum": with_empty(sensitivity_codes())}),
                    ),
                    (
                        "place",
                        "A place id; places below it match too.",
                        or_empty(json!({"type": "string", "format": "uuid"})),
                    ),
                    (
                        "perpetrator",
                        "An organization or person id, or a perpetrator-type code.",
                        json!({"type": "string"}),
                    ),
                    (
                        "q",
                        "Full-text search in titles and narratives.",
                        json!({"type": "string"}),
                    ),
                ] {
                    p.push(param(
                        name,
                        "query",
                        &format!("{doc} Empty: no filter."),
                        schema,
                    ));
                }
            }
            p
        };
        let list_summary = if resource == "incidents" {
            "List the incidents the token's account may see, newest first, filtered as asked (the page carries the `total`)".to_string()
        } else {
            format!("List {kind} records the token's account may see, in id order")
        };
        paths.insert(
            format!("/api/v1/{resource}"),
            json!({
                "get": {
                    "operationId": format!("list-{resource}"),
                    "tags": [tag],
                    "summary": list_summary,
                    "parameters": list_params,
                    "responses": {
                        "200": {"description": "A page of records", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}},
                        "400": err("The query string cannot be read"), "401": err("No valid bearer token"),
                        "422": err("A parameter is invalid")
                    }
                },
                "post": {
                    "operationId": format!("create-{resource}"),
                    "tags": [tag],
                    "summary": format!("Create a {kind} record"),
                    "description": "The body is checked for shape first (422), then the account's permission to write in the record's collection (403: records without a collection need an administrator), then the values (422).",
                    "requestBody": write,
                    "responses": {
                        "201": {"description": "Created", "headers": {"ETag": etag_header(), "Location": {"schema": {"type": "string"}, "description": "The new record's URL."}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                        "400": err("Bad request"), "401": err("No valid bearer token"), "403": err("Not allowed"),
                        "404": err("A record the body names does not exist"), "413": err("Body too large"), "415": err("Not JSON"), "422": err("The record has problems")
                    }
                }
            }),
        );
        let id = param(
            "id",
            "path",
            "The record's id.",
            json!({"type": "string", "format": "uuid"}),
        );
        let if_match = json!({"name": "If-Match", "in": "header", "required": true, "description": "The ETag of the version being changed, as a read gave it. Without it the answer is 428.", "schema": {"type": "string", "pattern": "^(W/)?\"[0-9]{1,18}\"$"}});
        paths.insert(
            format!("/api/v1/{resource}/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("read-{resource}"),
                    "tags": [tag],
                    "summary": format!("Read one {kind} record"),
                    "description": "A deleted record stays readable, with `deleted: true`: deletion is a revision, and can be undone in the interface.",
                    "parameters": [id],
                    "responses": {
                        "200": {"description": "The record", "headers": {"ETag": etag_header()}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                        "401": err("No valid bearer token"), "404": err("No such record, or not visible to this account")
                    }
                },
                "put": {
                    "operationId": format!("replace-{resource}"),
                    "tags": [tag],
                    "summary": format!("Replace a {kind} record's body (a new version)"),
                    "parameters": [id, if_match],
                    "requestBody": write,
                    "responses": {
                        "200": {"description": "The new version", "headers": {"ETag": etag_header()}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                        "400": err("Bad request"), "401": err("No valid bearer token"), "403": err("Not allowed"), "404": err("No such record"),
                        "409": err("The record is deleted (code `deleted`), or the body names another collection than the record's (code `collection_fixed`): records do not move"),
                        "412": err("The record changed since that ETag"), "413": err("Body too large"), "415": err("Not JSON"),
                        "422": err("The record has problems"), "428": err("If-Match is missing")
                    }
                },
                "delete": {
                    "operationId": format!("delete-{resource}"),
                    "tags": [tag],
                    "summary": format!("Delete a {kind} record (a revision that can be undone)"),
                    "parameters": [id, if_match],
                    "responses": {
                        "200": {"description": "The deleted version", "headers": {"ETag": etag_header()}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                        "400": err("Bad request"), "401": err("No valid bearer token"), "403": err("Not allowed"), "404": err("No such record"),
                        "409": err("The record is already deleted (code `deleted`)"),
                        "412": err("The record changed since that ETag"), "428": err("If-Match is missing")
                    }
                }
            }),
        );
    }
    log_paths(&mut paths, &mut schemas);
    evidence_paths(&mut paths, &mut schemas, vocabs);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Memoria API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Records of a Memoria installation. Authenticate with `Authorization: Bearer <token>` (`memoria token create`). Fields the token's account may not read are left out and listed in `withheld`. Dates are EDTF (format `edtf`: `1985-04-12`, `1985-04`, `1985?`, `2001-21` for spring 2001, `201X`, `1964/2008`, `2004-06/..`). Evidence items are read-only here; their files arrive as tus 1.0 resumable uploads at `/api/v1/uploads` (creation and termination extensions; `Upload-Metadata` carries `incident`, and optionally `description`, `filename`, `confidentiality`; the response that completes an upload, and any later HEAD, names the new item in `Memoria-Evidence-Id`), described in the README rather than here.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas
        }
    })
}

fn common_schemas() -> serde_json::Map<String, Value> {
    let schemas = json!({
        "Record": {
            "type": "object",
            "required": ["id", "kind", "version", "deleted", "body", "updated_at"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "kind": {"type": "string", "enum": EntityKind::ALL.map(EntityKind::as_str)},
                "version": {"type": "integer", "minimum": 1},
                "deleted": {"type": "boolean"},
                "collection": {"type": ["string", "null"], "format": "uuid"},
                "updated_at": {"type": "string"},
                "body": {"type": "object", "description": "The record's fields, as in the kind's `…Body` schema, less those listed in `withheld`."},
                "withheld": {"type": "array", "items": {"type": "string"}}
            }
        },
        "Page": {
            "type": "object",
            "required": ["items", "next"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}},
                "next": {"type": ["string", "null"], "description": "The cursor of the next page, to pass as `after`; null on the last."},
                "total": {"type": "integer", "minimum": 0, "description": "Incidents only: how many match."}
            }
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "field": {"type": "string"},
                    "problems": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}
                }
            }}
        },
        "RecordId": {"type": "string", "format": "uuid"},
        "Text": {
            "type": "object",
            "description": "A text in one or more languages, by BCP 47 tag: `{\"en\": \"…\", \"ar\": \"…\"}`.",
            "additionalProperties": {"type": "string"}
        },
        "RequiredText": {
            "type": "object",
            "description": "A text in one or more languages, by BCP 47 tag, not blank in at least one.",
            "additionalProperties": {"type": "string"},
            "minProperties": 1,
            "not": {"additionalProperties": {"type": "string", "pattern": format!("^[{SPACE}]*$")}}
        },
        "Edtf": {
            "type": "string",
            "format": "edtf",
            "description": "An EDTF date (level 0 and 1, and `1999-XX-15`); an interval may not start after it ends."
        },
        "GeoPoint": {
            "type": "object",
            "required": ["lat", "lon"],
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "precision_m": {"type": ["number", "null"], "minimum": 0}
            }
        },
        "Sensitivity": {"type": "string", "enum": sensitivity_codes()},
    });
    match schemas {
        Value::Object(m) => m,
        _ => unreachable!("an object"),
    }
}

/// The transparency log's operations (`api/log.rs`) and their answers.
fn log_paths(
    paths: &mut serde_json::Map<String, Value>,
    schemas: &mut serde_json::Map<String, Value>,
) {
    let max = crate::routes::log::MAX_INDEX;
    let base64 = json!({"type": "string", "pattern": "^[A-Za-z0-9+/]{43}=$", "description": "A SHA-256 hash in padded base64."});
    let note = json!({"type": "string", "description": "A C2SP tlog-checkpoint in a signed note (origin, size, root, then the signature of the log key), exactly as `/log/checkpoint` serves it."});
    let size = json!({"type": "integer", "minimum": 0, "description": "The tree size the checkpoint states."});
    schemas.insert(
        "LogCheckpoint".into(),
        json!({
            "type": "object",
            "required": ["size", "root", "note"],
            "properties": {"size": size, "root": base64, "note": note}
        }),
    );
    schemas.insert(
        "LogProof".into(),
        json!({
            "type": "object",
            "required": ["index", "size", "receipt", "entry"],
            "properties": {
                "index": {"type": "integer", "minimum": 0},
                "size": size,
                "receipt": {"type": "string", "description": "A c2sp.org/tlog-proof@v1 receipt: the index, the inclusion proof and the signed checkpoint."},
                "entry": {"type": "string", "description": "The entry exactly as it is hashed into the log (one line of JSON: v, seq, at, account, action, record, detail)."}
            }
        }),
    );
    schemas.insert(
        "LogConsistency".into(),
        json!({
            "type": "object",
            "required": ["old", "size", "proof", "checkpoint"],
            "properties": {
                "old": {"type": "integer", "minimum": 1},
                "size": size,
                "proof": {"type": "array", "items": base64, "description": "The RFC 9162 consistency proof from the tree of `old` entries to the checkpoint's tree."},
                "checkpoint": note
            }
        }),
    );
    let number = |name: &str, min: u64, description: &str| json!({"name": name, "in": "query", "required": true, "description": description, "schema": {"type": "integer", "minimum": min, "maximum": max}});
    let ok = |schema: &str, description: &str| json!({"description": description, "content": {"application/json": {"schema": r(schema)}}});
    paths.insert(
        "/api/v1/log/checkpoint".into(),
        json!({"get": {
            "operationId": "log-checkpoint",
            "tags": ["log"],
            "summary": "The transparency log's current signed checkpoint",
            "description": "Every audit entry is a leaf of the log. When the server holds the log key and the log has grown since the newest checkpoint, it signs a new one first. Check the note with the log's public key (`memoria log key`). Any account may ask.",
            "responses": {
                "200": ok("LogCheckpoint", "The checkpoint"),
                "401": err("No valid bearer token"),
                "404": err("No checkpoint has been signed and this server holds no log key")
            }
        }}),
    );
    paths.insert(
        "/api/v1/log/proof".into(),
        json!({"get": {
            "operationId": "log-proof",
            "tags": ["log"],
            "summary": "The receipt that an audit entry is in the log",
            "description": "The inclusion proof of entry `index` against the current checkpoint, as a c2sp.org/tlog-proof@v1 receipt, with the entry itself. Installation administrators only: the entry names accounts, records and actions.",
            "parameters": [number("index", 0, "The entry's position in the log, from 0.")],
            "responses": {
                "200": ok("LogProof", "The receipt and the entry"),
                "400": err("index is missing or not a whole number"),
                "401": err("No valid bearer token"),
                "403": err("The account is not an installation administrator"),
                "404": err("No checkpoint covers that entry: it is beyond the log")
            }
        }}),
    );
    paths.insert(
        "/api/v1/log/consistency".into(),
        json!({"get": {
            "operationId": "log-consistency",
            "tags": ["log"],
            "summary": "The proof that the log extends an earlier state of it",
            "description": "The consistency proof from the log's first `old` entries (the size of a checkpoint kept earlier) to the current checkpoint. Any account may ask.",
            "parameters": [number("old", 1, "The size of the earlier tree: a checkpoint's size, from 1.")],
            "responses": {
                "200": ok("LogConsistency", "The proof and the current checkpoint"),
                "400": err("old is missing, 0 or not a whole number"),
                "401": err("No valid bearer token"),
                "404": err("The current checkpoint holds fewer than `old` entries")
            }
        }}),
    );
}

/// The evidence items' read-only operations (`api/evidence.rs`).
fn evidence_paths(
    paths: &mut serde_json::Map<String, Value>,
    schemas: &mut serde_json::Map<String, Value>,
    vocabs: &VocabularySet,
) {
    schemas.insert("EvidenceBody".into(), body(EntityKind::Evidence, vocabs));
    schemas.insert(
        "Custody".into(),
        json!({
            "type": "object",
            "required": ["items"],
            "properties": {"items": {"type": "array", "items": {
                "type": "object",
                "required": ["at", "account", "action", "detail", "sha256", "copy", "log_index"],
                "properties": {
                    "at": {"type": "string"},
                    "account": {"type": "string", "description": "The account's name."},
                    "action": {"type": "string", "description": "`custody-ingest`, `custody-derive`, `custody-download`, `custody-download-stripped`, `custody-download-failed`, `read-sensitive`, or a write (`create`, `update`, `delete`, …)."},
                    "detail": {"type": "string"},
                    "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$", "description": "The file the action concerned."},
                    "copy": {"type": ["string", "null"], "enum": ["original", "stripped", null]},
                    "log_index": {"type": ["integer", "null"], "minimum": 0, "description": "The entry's place in the transparency log."}
                }
            }}}
        }),
    );
    let id = param(
        "id",
        "path",
        "The evidence item's id.",
        json!({"type": "string", "format": "uuid"}),
    );
    let incident = param(
        "id",
        "path",
        "The incident's id.",
        json!({"type": "string", "format": "uuid"}),
    );
    paths.insert(
        "/api/v1/incidents/{id}/evidence".into(),
        json!({"get": {
            "operationId": "list-incident-evidence",
            "tags": ["evidence"],
            "summary": "List the evidence items of an incident the token's account may see, in id order",
            "description": "Items whose capture position the account may not read come without it (`withheld: [\"metadata.gps\"]`). Listing a restricted item, or a position, is recorded in the audit log.",
            "parameters": [
                incident,
                param("after", "query", "The `next` cursor of the previous page; empty or absent for the first.", json!({"type": "string", "pattern": format!("^({UUID})?$")})),
                param("limit", "query", "Items per page (1–500, default 50).", json!({"type": "integer", "minimum": 1, "maximum": 500}))
            ],
            "responses": {
                "200": {"description": "A page of evidence items", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}},
                "400": err("The query string cannot be read"), "401": err("No valid bearer token"),
                "404": err("No such incident, or not visible to this account"), "422": err("A parameter is invalid")
            }
        }}),
    );
    paths.insert(
        "/api/v1/evidence/{id}".into(),
        json!({"get": {
            "operationId": "read-evidence",
            "tags": ["evidence"],
            "summary": "Read one evidence item",
            "description": "The item's record (body as `EvidenceBody`): its SHA-256, size, type read from the bytes, the metadata the file carried (less its capture position for accounts that may not read contact details), and the SHA-256 of its copy without metadata. Reading a restricted item, or a position, is recorded in the audit log.",
            "parameters": [id],
            "responses": {
                "200": {"description": "The item", "headers": {"ETag": etag_header()}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                "401": err("No valid bearer token"), "404": err("No such evidence item, or not visible to this account")
            }
        }}),
    );
    paths.insert(
        "/api/v1/evidence/{id}/custody".into(),
        json!({"get": {
            "operationId": "evidence-custody",
            "tags": ["evidence"],
            "summary": "An evidence item's chain of custody, oldest first",
            "parameters": [id],
            "responses": {
                "200": {"description": "Every action on the item: who, when, which file", "content": {"application/json": {"schema": r("Custody")}}},
                "401": err("No valid bearer token"), "404": err("No such evidence item, or not visible to this account")
            }
        }}),
    );
    paths.insert(
        "/api/v1/evidence/{id}/content".into(),
        json!({"get": {
            "operationId": "evidence-content",
            "tags": ["evidence"],
            "summary": "Download an evidence item's file",
            "description": "The file as an attachment of no declared type, recorded in the item's custody before the first byte is sent. The original keeps every metadata block, its capture position included, so it goes only to accounts that may read contact details; the copy without metadata (JPEG, PNG and WebP only) to every reader. Without `copy`, the original if the account may have it, else the copy without metadata. A file found damaged part way ends the response short of its Content-Length.",
            "parameters": [
                id,
                param("copy", "query", "`original`, `stripped`, or empty for the best the account may have.", json!({"type": "string", "enum": ["", "original", "stripped"]}))
            ],
            "responses": {
                "200": {
                    "description": "The file",
                    "headers": {"Memoria-Copy": {"schema": {"type": "string", "enum": ["original", "stripped"]}, "description": "Which copy this is."}},
                    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
                },
                "400": err("The query string cannot be read"),
                "401": err("No valid bearer token"),
                "403": err("The account may not have the original, and there is no copy without metadata"),
                "404": err("No such evidence item, not visible to this account, or no copy without metadata"),
                "422": err("`copy` is not one of the values listed"),
                "500": err("The vault's copy is missing or damaged (codes `evidence_missing`, `evidence_damaged`)"),
                "503": err("This server has no evidence vault")
            }
        }}),
    );
}

fn schema_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Collection => "Collection",
        EntityKind::Incident => "Incident",
        EntityKind::Act => "Act",
        EntityKind::Person => "Person",
        EntityKind::Organization => "Organization",
        EntityKind::Source => "Source",
        EntityKind::Claim => "Claim",
        EntityKind::Intervention => "Intervention",
        EntityKind::SourceList => "SourceList",
        EntityKind::Record => "ListRecord",
        EntityKind::Place => "Place",
        EntityKind::Vocabulary => "Vocabulary",
        EntityKind::Evidence => "Evidence",
        EntityKind::MatchDecision => "MatchDecision",
        EntityKind::Consent => "Consent",
        EntityKind::PublicationPolicy => "PublicationPolicy",
        EntityKind::Publication => "Publication",
        EntityKind::LinkageResult => "LinkageResult",
    }
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// An optional field: absent, or null, or the value.
fn opt(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

fn string() -> Value {
    json!({"type": "string"})
}

/// Text with something other than spaces in it.
fn not_blank() -> Value {
    json!({"type": "string", "pattern": format!("[^{SPACE}]")})
}

fn ids() -> Value {
    json!({"type": "array", "items": r("RecordId")})
}

/// A code of vocabulary `vocab`: one of its terms where the vocabulary is in force,
/// any code where it is not.
fn term(vocabs: &VocabularySet, vocab: &str) -> Value {
    let codes: Vec<&str> = vocabs
        .get(vocab)
        .map(|v| v.terms.iter().map(|t| t.code.as_str()).collect())
        .unwrap_or_default();
    let description = format!("A code of the `{vocab}` vocabulary.");
    if codes.is_empty() {
        json!({"type": "string", "description": description})
    } else {
        json!({"type": "string", "enum": codes, "description": description})
    }
}

fn age(max: u16) -> Value {
    json!({
        "type": "object",
        "required": ["min", "max"],
        "description": "An age as a range of whole years; `min` may not be above `max`.",
        "properties": {
            "min": {"type": "integer", "minimum": 0, "maximum": max},
            "max": {"type": "integer", "minimum": 0, "maximum": max}
        }
    })
}

/// The body of a record of `kind`, field by field (the JSON Lines export's shape).
fn body(kind: EntityKind, vocabs: &VocabularySet) -> Value {
    let edtf = || opt(r("Edtf"));
    let id = || opt(r("RecordId"));
    let text = || opt(string());
    let (required, properties, extra): (&[&str], Value, Value) = match kind {
        EntityKind::Collection => (
            &["name", "title"],
            json!({
                "name": {"type": "string", "pattern": "^[a-z0-9-]+$", "description": "Short stable name: lowercase letters, digits and hyphens."},
                "title": r("RequiredText"),
                "description": r("Text")
            }),
            json!({"description": "Collections have no collection of their own: only an administrator may create one."}),
        ),
        EntityKind::Incident => (
            &["collection", "title"],
            json!({
                "collection": r("RecordId"),
                "title": r("RequiredText"),
                "narrative": r("Text"),
                "public_narrative": r("Text"),
                "date": edtf(),
                "place": id(),
                "point": opt(r("GeoPoint")),
                "status": {"type": "string", "enum": status_codes()},
                "confidentiality": r("Sensitivity"),
                "external_id": text()
            }),
            json!({}),
        ),
        EntityKind::Act => (
            &["incident", "violation"],
            json!({
                "incident": r("RecordId"),
                "violation": match term(vocabs, wk::VIOLATION_TYPES) {
                    t if t.get("enum").is_some() => t,
                    _ => not_blank(),
                },
                "victims": ids(),
                "perpetrators": {"type": "array", "items": {
                    "type": "object",
                    "description": "A person, an organisation, or at least a perpetrator type.",
                    "properties": {
                        "person": id(),
                        "organization": id(),
                        "kind": opt(term(vocabs, wk::PERPETRATOR_TYPES))
                    },
                    "anyOf": [
                        {"required": ["person"], "properties": {"person": r("RecordId")}},
                        {"required": ["organization"], "properties": {"organization": r("RecordId")}},
                        {"required": ["kind"], "properties": {"kind": string()}}
                    ]
                }},
                "date": edtf(),
                "place": id(),
                "method": opt(term(vocabs, wk::METHODS)),
                "rights_violated": {"type": "array", "items": term(vocabs, wk::RIGHTS)}
            }),
            json!({"description": "An act belongs to the collection of its incident."}),
        ),
        EntityKind::Person => (
            &["collection"],
            json!({
                "collection": r("RecordId"),
                "names": {"type": "array", "items": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": not_blank(),
                        "script": text(),
                        "transliteration": text(),
                        "usage": {"type": "string", "enum": ["primary", "alias"]}
                    }
                }},
                "roles": {"type": "array", "items": {"type": "string", "enum": ["victim", "witness", "source", "perpetrator"]}},
                "sex": opt(term(vocabs, wk::SEX)),
                "birth_date": edtf(),
                "age": opt(age(130)),
                "group_size": opt(json!({"type": "integer", "minimum": 1, "maximum": u32::MAX})),
                "sensitive": {
                    "type": "object",
                    "properties": {"ethnicity": text(), "religion": text(), "contact": text()}
                },
                "sensitivity": r("Sensitivity")
            }),
            json!({}),
        ),
        EntityKind::Organization => (
            &["collection", "name"],
            json!({
                "collection": r("RecordId"),
                "name": r("RequiredText"),
                "aliases": {"type": "array", "items": string()},
                "kind": opt(term(vocabs, wk::ORGANIZATION_TYPES)),
                "parent": id()
            }),
            json!({}),
        ),
        EntityKind::Source => (
            &["collection", "title", "reliability", "credibility"],
            json!({
                "collection": r("RecordId"),
                "title": r("RequiredText"),
                "kind": opt(term(vocabs, wk::SOURCE_TYPES)),
                "reliability": {"type": "string", "enum": ["A", "B", "C", "D", "E", "F"], "description": "Admiralty grade of the source."},
                "credibility": {"type": "integer", "minimum": 1, "maximum": 6, "description": "Admiralty grade of the information."},
                "date": edtf(),
                "informant": id(),
                "reference": text(),
                "sensitivity": r("Sensitivity")
            }),
            json!({}),
        ),
        EntityKind::Claim => (
            &["source", "subject", "field", "value"],
            json!({
                "source": r("RecordId"),
                "subject": r("RecordId"),
                "field": not_blank(),
                "value": string(),
                "preferred": {"type": "boolean"},
                "note": text()
            }),
            json!({"description": "A claim belongs to the collection of its subject."}),
        ),
        EntityKind::Intervention => (
            &["collection", "kind", "status"],
            json!({
                "collection": r("RecordId"),
                "kind": term(vocabs, wk::INTERVENTION_TYPES),
                "target": id(),
                "target_name": text(),
                "about": ids(),
                "submitted": edtf(),
                "status": term(vocabs, wk::INTERVENTION_STATUS),
                "response": text(),
                "response_date": edtf(),
                "next_follow_up": edtf()
            }),
            json!({
                "description": "The institution addressed is `target` or `target_name`; `response_date` may not come before `submitted`.",
                "anyOf": [
                    {"required": ["target"], "properties": {"target": r("RecordId")}},
                    {"required": ["target_name"], "properties": {"target_name": not_blank()}}
                ]
            }),
        ),
        EntityKind::SourceList => (
            &["collection", "name"],
            json!({
                "collection": r("RecordId"),
                "name": not_blank(),
                "description": r("Text"),
                "source": id()
            }),
            json!({}),
        ),
        EntityKind::Record => (
            &["list"],
            json!({
                "list": r("RecordId"),
                "external_id": text(),
                "name": text(),
                "given_name": text(),
                "family_name": text(),
                "sex": opt(term(vocabs, wk::SEX)),
                "age": opt(age(u16::MAX)),
                "birth_date": edtf(),
                "date": edtf(),
                "place": id(),
                "violation": opt(term(vocabs, wk::VIOLATION_TYPES)),
                "perpetrator": opt(term(vocabs, wk::PERPETRATOR_TYPES)),
                "extra": {"type": "object", "additionalProperties": string()}
            }),
            json!({"description": "A list record belongs to the collection of its source list."}),
        ),
        EntityKind::Place => (
            &["collection", "name", "level"],
            json!({
                "collection": r("RecordId"),
                "name": r("RequiredText"),
                "level": {"type": "string", "enum": ["country", "region", "district", "locality"]},
                "parent": id(),
                "iso_code": opt(json!({"type": "string", "pattern": "^[A-Z]{2}(-[A-Z0-9]{1,3})?$"})),
                "point": opt(r("GeoPoint"))
            }),
            json!({}),
        ),
        EntityKind::Vocabulary => (
            &["code", "labels"],
            json!({
                "code": string(),
                "labels": r("Text"),
                "description": r("Text"),
                "terms": {"type": "array", "items": {
                    "type": "object",
                    "required": ["code", "labels"],
                    "properties": {
                        "code": string(),
                        "labels": r("Text"),
                        "parent": text(),
                        "deprecated": {"type": "boolean"},
                        "replaced_by": text(),
                        "description": r("Text")
                    }
                }}
            }),
            json!({"description": "Only an administrator may write vocabularies. Term codes are unique, and `parent` and `replaced_by` name terms of the same vocabulary, without cycles."}),
        ),
        EntityKind::Evidence => (
            &[
                "collection",
                "incident",
                "sha256",
                "size",
                "media_type",
                "confidentiality",
            ],
            json!({
                "collection": r("RecordId"),
                "incident": r("RecordId"),
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "size": {"type": "integer", "minimum": 0},
                "media_type": string(),
                "file_name": text(),
                "description": r("Text"),
                "captured_at": text(),
                "metadata": {},
                "stripped_sha256": opt(json!({"type": "string", "pattern": "^[0-9a-f]{64}$"})),
                "confidentiality": r("Sensitivity")
            }),
            json!({"description": "A file in the evidence vault, added through the incident page, a resumable upload (`/api/v1/uploads`) or `memoria evidence add`; its bytes are addressed by `sha256`."}),
        ),
        EntityKind::MatchDecision => (
            &["collection", "records", "verdict"],
            json!({
                "collection": r("RecordId"),
                "records": {"type": "array", "items": r("RecordId"), "minItems": 2, "maxItems": 2},
                "verdict": {"type": "string", "enum": ["same", "different", "unsure"]},
                "note": text()
            }),
            json!({"description": "A reviewer's answer about two list records (two different records): record linkage takes `same` and `different` over its own score. Changing one's mind is a new version of the same decision."}),
        ),
        EntityKind::Consent => (
            &[
                "collection",
                "person",
                "uses",
                "given_by",
                "given_on",
                "recorded",
            ],
            json!({
                "collection": r("RecordId"),
                "person": r("RecordId"),
                "uses": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string", "enum": ConsentUse::ALL.map(ConsentUse::as_str)}},
                "given_by": {"type": "string", "enum": ConsentGiver::ALL.map(ConsentGiver::as_str)},
                "given_on": r("Edtf"),
                "recorded": {"type": "string", "enum": ConsentRecording::ALL.map(ConsentRecording::as_str)},
                "withdrawn_on": opt(r("Edtf")),
                "note": text(),
                "sensitivity": r("Sensitivity")
            }),
            json!({"description": "A person's consent to uses of what the collection holds about them. Withdrawing it is a new version with `withdrawn_on`; the next publication leaves the person out and its report lists the withdrawal. A consent is hidden with its person."}),
        ),
        EntityKind::PublicationPolicy => (
            &["collection"],
            json!({
                "collection": r("RecordId"),
                "statuses": {"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": status_codes()}},
                "up_to": r("Sensitivity"),
                "rules": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": FIELDS.iter().map(|f| (f.key.to_string(), json!({"type": "string", "enum": f.allowed.iter().map(|r| r.as_str()).collect::<Vec<_>>()}))).collect::<serde_json::Map<_, _>>()
                },
                "consent_from": {"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ConsentGiver::ALL.map(ConsentGiver::as_str)}},
                "public_figures": {"type": "array", "items": r("RecordId")},
                "threshold": {"type": "integer", "minimum": 1, "maximum": 1000},
                "licence": {"type": "string", "minLength": 1, "maxLength": 64},
                "boundaries": opt(json!({"type": "string", "maxLength": BOUNDARIES_MAX_BYTES}))
            }),
            json!({"description": "What a collection publishes with `memoria publish`: per field, publish, coarsen or withhold (a field left out takes its safe default); which incidents; whose consent names a victim; the disclosure-control threshold; the map's boundaries (GeoJSON or TopoJSON text)."}),
        ),
        EntityKind::Publication => (
            &["collection", "digest"],
            json!({
                "collection": r("RecordId"),
                "digest": string(),
                "incidents": {"type": "object", "additionalProperties": string()},
                "named": {"type": "array", "items": r("RecordId")}
            }),
            json!({"description": "What one publication put out; written by `memoria publish`."}),
        ),
        EntityKind::LinkageResult => (
            &["collection", "lists", "records", "clusters", "basis"],
            json!({
                "collection": r("RecordId"),
                "lists": {"type": "array", "items": r("RecordId"), "minItems": 1, "maxItems": 15},
                "records": {"type": "array", "items": r("RecordId")},
                "clusters": {"type": "array", "items": {"type": "integer", "minimum": 0}},
                "review": {"type": "array", "items": {
                    "type": "object",
                    "required": ["records", "probability"],
                    "properties": {
                        "records": {"type": "array", "items": r("RecordId"), "minItems": 2, "maxItems": 2},
                        "probability": {"type": "number", "minimum": 0, "maximum": 1}
                    }
                }},
                "decisions": {"type": "integer", "minimum": 0},
                "basis": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "settings": text()
            }),
            json!({"description": "The linkage a collection keeps: the cluster of each list record, and the pairs left for review; written by `memoria link` without `--out` or by the analysis page's \"Keep this linkage\"."}),
        ),
    };
    let mut schema = json!({"type": "object", "required": required, "properties": properties});
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            schema[k] = v;
        }
    }
    schema
}

fn status_codes() -> Vec<&'static str> {
    Status::ALL.map(Status::as_str).to_vec()
}

fn sensitivity_codes() -> Vec<&'static str> {
    crate::page::SENSITIVITIES
        .map(crate::page::sensitivity_code)
        .to_vec()
}

fn with_empty(mut codes: Vec<&'static str>) -> Vec<&'static str> {
    codes.insert(0, "");
    codes
}

fn param(name: &str, location: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": location, "required": location == "path", "description": description, "schema": schema})
}

fn err(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn etag_header() -> Value {
    json!({"schema": {"type": "string"}, "description": "The record's version, to send back in If-Match."})
}
