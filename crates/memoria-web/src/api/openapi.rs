//! The OpenAPI 3.1 document of `/api/v1`, built from the same resource table the router
//! uses, so the two cannot drift apart.

use serde_json::{Value, json};

use super::RESOURCES;

pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for (resource, kind) in RESOURCES {
        let kind = kind.as_str();
        let tag = resource;
        let list_params = {
            let mut p = vec![
                param(
                    "after",
                    "query",
                    "The `next` cursor of the previous page.",
                    json!({"type": "string"}),
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
                for (name, doc) in [
                    (
                        "from",
                        "EDTF date: incidents whose possible dates reach on or after it.",
                    ),
                    (
                        "to",
                        "EDTF date: incidents whose possible dates reach on or before it.",
                    ),
                    ("violation", "A violation-type term code."),
                    ("status", "draft, under_review, verified or closed."),
                    (
                        "confidentiality",
                        "public, internal, restricted or confidential.",
                    ),
                    ("place", "A place id; places below it match too."),
                    (
                        "perpetrator",
                        "An organization or person id, or a perpetrator-type code.",
                    ),
                    ("q", "Full-text search in titles and narratives."),
                ] {
                    p.push(param(name, "query", doc, json!({"type": "string"})));
                }
            }
            p
        };
        paths.insert(
            format!("/api/v1/{resource}"),
            json!({
                "get": {
                    "operationId": format!("list-{resource}"),
                    "tags": [tag],
                    "summary": format!("List {kind} records the token's account may see"),
                    "parameters": list_params,
                    "responses": {
                        "200": {"description": "A page of records", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}},
                        "401": err("No valid bearer token"), "422": err("A parameter is invalid"), "400": err("Bad request")
                    }
                },
                "post": {
                    "operationId": format!("create-{resource}"),
                    "tags": [tag],
                    "summary": format!("Create a {kind} record"),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Write"}}}},
                    "responses": {
                        "201": {"description": "Created", "headers": {"ETag": etag_header(), "Location": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                        "400": err("Bad request"), "401": err("No valid bearer token"), "403": err("Not allowed"),
                        "404": err("No such resource"), "413": err("Body too large"), "415": err("Not JSON"), "422": err("The record has problems")
                    }
                }
            }),
        );
        let id = param("id", "path", "The record's id.", json!({"type": "string"}));
        let if_match = json!({"name": "If-Match", "in": "header", "required": true, "description": "The ETag of the version being changed.", "schema": {"type": "string"}});
        paths.insert(
            format!("/api/v1/{resource}/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("read-{resource}"),
                    "tags": [tag],
                    "summary": format!("Read one {kind} record"),
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
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Write"}}}},
                    "responses": {
                        "200": {"description": "The new version", "headers": {"ETag": etag_header()}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
                        "400": err("Bad request"), "401": err("No valid bearer token"), "403": err("Not allowed"), "404": err("No such record"),
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
                        "412": err("The record changed since that ETag"), "428": err("If-Match is missing")
                    }
                }
            }),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Memoria API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Records of a Memoria installation. Authenticate with `Authorization: Bearer <token>` (`memoria token create`). Fields the token's account may not read are left out and listed in `withheld`.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Record": {
                    "type": "object",
                    "required": ["id", "kind", "version", "deleted", "body", "updated_at"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "kind": {"type": "string"},
                        "version": {"type": "integer", "minimum": 1},
                        "deleted": {"type": "boolean"},
                        "collection": {"type": ["string", "null"]},
                        "updated_at": {"type": "string"},
                        "body": {"type": "object"},
                        "withheld": {"type": "array", "items": {"type": "string"}}
                    }
                },
                "Write": {"type": "object", "required": ["body"], "properties": {"body": {"type": "object"}}},
                "Page": {
                    "type": "object",
                    "required": ["items"],
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}},
                        "next": {"type": ["string", "null"]},
                        "total": {"type": "integer"}
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
                }
            }
        }
    })
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
