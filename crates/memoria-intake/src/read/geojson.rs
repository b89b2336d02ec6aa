//! The GeoJSON reader: a FeatureCollection's features as rows, streamed one feature
//! at a time.
//!
//! The columns are the first feature's `properties`, in name order, plus two
//! pseudo-columns for Point geometry: `geometry.lat` and `geometry.lon`. A later
//! feature lacking a property reads it as empty; a property that only later features
//! have is not a column. Rows are numbered by feature, the first feature being 1.

use std::fmt;
use std::io::{BufReader, Read};
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::meter::{Meter, MeteredRead};
use super::{Cell, FILE_HINT_EMPTY, ReadOptions, RowSink};

pub(crate) const LAT: &str = "geometry.lat";
pub(crate) const LON: &str = "geometry.lon";

/// The error that means "the sink asked to stop", not a syntax error.
const STOPPED: &str = "memoria: stopped";

pub(crate) fn read_geojson<R: Read>(
    input: R,
    meter: Rc<Meter>,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) {
    meter.allow_after(0, opts.max_row_bytes);
    let reader = BufReader::new(MeteredRead::new(input, meter.clone()));
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut state = State {
        sink,
        meter,
        cap: opts.max_row_bytes,
        header: None,
        features: 0,
        saw_features: false,
        stopped: false,
    };
    let result = (&mut state).deserialize(&mut de).and_then(|()| de.end());
    if state.stopped {
        return;
    }
    let features = state.features;
    match result {
        Ok(()) if !state.saw_features => state.sink.problems().add(
            None,
            None,
            None,
            "the file has no \"features\" list",
            "a GeoJSON file to import must be a FeatureCollection",
        ),
        Ok(()) if features == 0 => state.sink.problems().add(
            None,
            None,
            None,
            "the FeatureCollection has no features",
            FILE_HINT_EMPTY,
        ),
        Ok(()) => state.sink.progress(state.meter.bytes(), features),
        Err(e) => {
            let io_limit =
                e.io_error_kind().is_some() && e.to_string().contains(super::meter::ROW_TOO_LARGE);
            let (message, hint) = if io_limit {
                (
                    format!(
                        "this feature is larger than {} KiB, the most one row may hold; reading stopped here",
                        state.cap / 1024
                    ),
                    "split the feature's long values".to_string(),
                )
            } else if e.is_eof() && state.meter.bytes() == 0 {
                ("the file is empty".to_string(), FILE_HINT_EMPTY.to_string())
            } else {
                (
                    format!("the file is not valid GeoJSON here: {e}"),
                    "check the file with a GeoJSON validator".to_string(),
                )
            };
            state
                .sink
                .problems()
                .add(Some(features + 1), None, None, message, hint);
        }
    }
}

struct State<'s> {
    sink: &'s mut dyn RowSink,
    meter: Rc<Meter>,
    cap: u64,
    header: Option<Vec<String>>,
    features: u64,
    saw_features: bool,
    stopped: bool,
}

impl<'de> DeserializeSeed<'de> for &mut State<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut State<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => {
                    let t: String = map.next_value()?;
                    if t != "FeatureCollection" {
                        return Err(de::Error::custom(format!(
                            "the type is {t:?}, not \"FeatureCollection\""
                        )));
                    }
                }
                "features" if !self.saw_features => {
                    self.saw_features = true;
                    map.next_value_seed(Features(&mut *self))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Features<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for Features<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

#[derive(Deserialize)]
struct Feature {
    #[serde(default)]
    properties: Option<Map<String, Value>>,
    #[serde(default)]
    geometry: Option<Value>,
}

impl<'de> Visitor<'de> for Features<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let st = self.0;
        let mut cells = Vec::new();
        while let Some(feature) = seq.next_element::<Feature>()? {
            st.features += 1;
            let props = feature.properties.unwrap_or_default();
            if st.header.is_none() {
                let mut h: Vec<String> = props.keys().cloned().collect();
                h.push(LAT.to_string());
                h.push(LON.to_string());
                if !st.sink.header(&h) {
                    st.stopped = true;
                    return Err(de::Error::custom(STOPPED));
                }
                st.header = Some(h);
            }
            let header = st.header.as_ref().expect("set above");
            let (lat, lon) = point(feature.geometry.as_ref());
            cells.clear();
            for col in &header[..header.len() - 2] {
                cells.push(Cell::text(props.get(col).map(render).unwrap_or_default()));
            }
            cells.push(Cell::text(lat));
            cells.push(Cell::text(lon));
            st.sink.row(st.features, &cells);
            if st.features.is_multiple_of(1024) {
                st.sink.progress(st.meter.bytes(), st.features);
            }
            st.meter.allow_after(st.meter.bytes(), st.cap);
        }
        Ok(())
    }
}

/// A property's value as cell text: strings as they are, numbers as JSON writes them,
/// null as empty, anything else as its JSON text.
fn render(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Latitude and longitude of a Point geometry (GeoJSON writes `[lon, lat]`).
fn point(geometry: Option<&Value>) -> (String, String) {
    let Some(g) = geometry else {
        return Default::default();
    };
    if g.get("type").and_then(Value::as_str) != Some("Point") {
        return Default::default();
    }
    match g
        .get("coordinates")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([lon, lat, ..]) => (render(lat), render(lon)),
        _ => Default::default(),
    }
}
