//! Python bindings for unspin: `unspin.Cleaner`, `unspin.Result`, `unspin.Edit`.
//!
//! The Python package (`python/unspin/`) re-exports these classes and adds the module-level
//! `unspin.clean`. Options map onto `unspin::Config` through its serde form, so a field added to
//! `Config` is accepted here as a keyword without a change to this file.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{IntoPyDict, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::sync::Arc;
use unspin::edit::revert_edits;
use unspin::{Config, Document, Outcome, Stage};

/// Keyword names accepted on top of `Config`'s own fields.
const ALIASES: &[(&str, &str)] = &[("dicts", "packs")];

/// One accepted change. `start`/`end` are Python string indices (code points) into the input.
#[pyclass(name = "Edit", module = "unspin", frozen, get_all)]
struct PyEdit {
    id: String,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    line: usize,
    column: usize,
    before: String,
    after: String,
    stage: String,
    rule: String,
    confidence: f64,
    alternatives: Vec<String>,
    reason: String,
}

impl From<&unspin::Edit> for PyEdit {
    fn from(e: &unspin::Edit) -> Self {
        PyEdit {
            id: e.id.clone(),
            start: e.char_start,
            end: e.char_end,
            byte_start: e.start,
            byte_end: e.end,
            line: e.line,
            column: e.column,
            before: e.before.clone(),
            after: e.after.clone(),
            stage: e.stage.name().to_string(),
            rule: e.rule.clone(),
            // Via the shortest decimal form, so 0.9 reads as 0.9 and not 0.8999999761581421.
            confidence: e.confidence.to_string().parse().unwrap_or(f64::from(e.confidence)),
            alternatives: e.alternatives.clone(),
            reason: e.reason.clone(),
        }
    }
}

#[pymethods]
impl PyEdit {
    /// `(start, end)`: `input[start:end] == before`.
    #[getter]
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    /// The edit as a plain dict (Python indices), e.g. for pandas or JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", &self.id)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("byte_start", self.byte_start)?;
        d.set_item("byte_end", self.byte_end)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("before", &self.before)?;
        d.set_item("after", &self.after)?;
        d.set_item("stage", &self.stage)?;
        d.set_item("rule", &self.rule)?;
        d.set_item("confidence", self.confidence)?;
        d.set_item("alternatives", &self.alternatives)?;
        d.set_item("reason", &self.reason)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Edit({}..{} {:?} -> {:?}, stage={:?}, rule={:?}, confidence={})",
            self.start, self.end, self.before, self.after, self.stage, self.rule, self.confidence
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyEdit>().is_ok_and(|o| {
            let o = o.get();
            (o.id.as_str(), o.start, o.end, o.before.as_str(), o.after.as_str())
                == (self.id.as_str(), self.start, self.end, self.before.as_str(), self.after.as_str())
        })
    }
}

/// The outcome of cleaning one text.
#[pyclass(name = "Result", module = "unspin", frozen)]
struct PyResult_ {
    outcome: Outcome,
    /// Built on first access: batch callers that only read `text` never pay for edit objects.
    edits: PyOnceLock<Py<PyList>>,
}

impl PyResult_ {
    fn new(outcome: Outcome) -> Self {
        PyResult_ { outcome, edits: PyOnceLock::new() }
    }
}

#[pymethods]
impl PyResult_ {
    /// The document id given to `clean` (`""` when none was given).
    #[getter]
    fn id(&self) -> &str {
        &self.outcome.id
    }

    /// The cleaned text: the input with `edits` applied.
    #[getter]
    fn text(&self) -> &str {
        &self.outcome.text
    }

    /// Accepted edits, sorted by position, non-overlapping.
    #[getter]
    fn edits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = self.edits.get_or_try_init(py, || -> PyResult<Py<PyList>> {
            let items =
                self.outcome.edits.iter().map(|e| Py::new(py, PyEdit::from(e))).collect::<PyResult<Vec<_>>>()?;
            Ok(PyList::new(py, items)?.unbind())
        })?;
        Ok(list.bind(py).clone())
    }

    /// Per-document scores recorded by the stages, e.g. `{"spin.score": 0.8}`.
    #[getter]
    fn signals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.outcome.signals {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    /// Whether any edit was made.
    #[getter]
    fn changed(&self) -> bool {
        self.outcome.changed()
    }

    /// The input text, rebuilt from the cleaned text by undoing every edit.
    fn revert(&self) -> PyResult<String> {
        revert_edits(&self.outcome.text, &self.outcome.edits).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The `unspin` attribute that `unspin clean --jsonl` adds to a record, as a JSON string:
    /// `{"edits": [...], "signals": {...}}` with byte offsets, as in the JSON report.
    fn to_json(&self) -> String {
        self.outcome.attribute_json()
    }

    fn __repr__(&self) -> String {
        let preview: String = self.outcome.text.chars().take(40).collect();
        let more = if self.outcome.text.chars().nth(40).is_some() { "…" } else { "" };
        format!("Result(id={:?}, edits={}, text={:?}{more})", self.outcome.id, self.outcome.edits.len(), preview)
    }

    fn __len__(&self) -> usize {
        self.outcome.edits.len()
    }
}

/// A configured pipeline. Build once, reuse for many texts; safe to share between threads.
#[pyclass(name = "Cleaner", module = "unspin", frozen)]
struct PyCleaner {
    inner: Arc<unspin::Cleaner>,
    /// A private pool when `threads` was given; the global rayon pool otherwise.
    pool: Option<Arc<rayon::ThreadPool>>,
    threads: Option<usize>,
}

impl PyCleaner {
    fn build(config: Config, threads: Option<usize>) -> PyResult<Self> {
        let pool = match threads {
            None => None,
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1 (or None for all cores)")),
            Some(n) => Some(Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(|i| format!("unspin-{i}"))
                    .build()
                    .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}")))?,
            )),
        };
        let inner = unspin::Cleaner::new(config).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            PyValueError::new_err(format!("invalid unspin dictionaries:\n{}", lines.join("\n")))
        })?;
        Ok(PyCleaner { inner: Arc::new(inner), pool, threads })
    }

    fn clean_all(&self, docs: Vec<Document>) -> Vec<Outcome> {
        let run = || docs.par_iter().map(|d| self.inner.clean(d)).collect();
        match &self.pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    }
}

#[pymethods]
impl PyCleaner {
    #[new]
    #[pyo3(signature = (*, stages=None, min_confidence=None, dicts=None, threads=None, **options))]
    fn py_new(
        py: Python<'_>,
        stages: Option<&Bound<'_, PyAny>>,
        min_confidence: Option<&Bound<'_, PyAny>>,
        dicts: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let all = PyDict::new(py);
        if let Some(options) = options {
            all.update(options.as_mapping())?;
        }
        for (key, value) in [("stages", stages), ("min_confidence", min_confidence), ("dicts", dicts)] {
            if let Some(v) = value {
                all.set_item(key, v)?;
            }
        }
        let config = config_from_options(&all)?;
        PyCleaner::build(config, threads)
    }

    /// Cleans one text. The GIL is released while it runs.
    #[pyo3(signature = (text, id=None))]
    fn clean(&self, py: Python<'_>, text: String, id: Option<String>) -> PyResult_ {
        let doc = Document::new(id.unwrap_or_default(), text);
        PyResult_::new(py.detach(|| self.inner.clean(&doc)))
    }

    /// Cleans many texts in parallel (rayon) with the GIL released; results are in input order.
    #[pyo3(signature = (texts, ids=None))]
    fn clean_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        ids: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyResult_>> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("clean_batch takes a list of texts, not one str (use clean for one)"));
        }
        let texts: Vec<String> = texts.extract().map_err(|e| PyTypeError::new_err(format!("texts: {e}")))?;
        let ids: Vec<String> = match ids {
            None => vec![String::new(); texts.len()],
            Some(ids) => {
                let ids: Vec<String> = ids.extract().map_err(|e| PyTypeError::new_err(format!("ids: {e}")))?;
                if ids.len() != texts.len() {
                    return Err(PyValueError::new_err(format!(
                        "ids has {} items but texts has {}",
                        ids.len(),
                        texts.len()
                    )));
                }
                ids
            }
        };
        let docs: Vec<Document> = ids.into_iter().zip(texts).map(|(id, text)| Document::new(id, text)).collect();
        let outcomes = py.detach(|| self.clean_all(docs));
        Ok(outcomes.into_iter().map(PyResult_::new).collect())
    }

    /// The effective configuration, as a dict (the `config` object of a JSON report).
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &serde_json::to_string(self.inner.config()).expect("Config serializes"))
    }

    #[getter]
    fn threads(&self) -> Option<usize> {
        self.threads
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        let stages: Vec<&str> = c.stages.iter().map(|s| s.name()).collect();
        format!("Cleaner(stages={stages:?}, min_confidence={}, dicts={:?})", c.min_confidence, c.packs)
    }

    /// Pickles as its configuration, so a Cleaner can be captured in a Spark closure.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let json = serde_json::to_string(me.inner.config()).expect("Config serializes");
        let rebuild = py.import("unspin._unspin")?.getattr("_cleaner_from_json")?;
        PyTuple::new(
            py,
            [
                rebuild,
                PyTuple::new(py, [json.into_pyobject(py)?.into_any(), me.threads.into_pyobject(py)?])?.into_any(),
            ],
        )
    }
}

/// Rebuilds a pickled Cleaner.
#[pyfunction]
#[pyo3(signature = (config_json, threads=None))]
fn _cleaner_from_json(config_json: &str, threads: Option<usize>) -> PyResult<PyCleaner> {
    let config: Config =
        serde_json::from_str(config_json).map_err(|e| PyValueError::new_err(format!("invalid unspin config: {e}")))?;
    PyCleaner::build(config, threads)
}

/// Names of the built-in dictionary packs (values for `dicts=`).
#[pyfunction]
fn packs() -> Vec<&'static str> {
    unspin::dict::BUILTIN_PACKS.iter().map(|p| p.0).collect()
}

/// Builds a `Config` from keyword options: the defaults, with each given option replacing the
/// field of the same name (a dict updates a nested options object key by key; one str or path
/// stands for a one-item list). Unknown names raise TypeError, bad values ValueError.
fn config_from_options(options: &Bound<'_, PyDict>) -> PyResult<Config> {
    let Value::Object(mut fields) = serde_json::to_value(Config::default()).expect("Config serializes") else {
        unreachable!("Config serializes to an object")
    };
    let mut given = Map::new();
    for (key, value) in options.iter() {
        let key: String = key.extract()?;
        let field = ALIASES.iter().find(|a| a.0 == key).map_or(key.as_str(), |a| a.1).to_string();
        let Some(default) = fields.get(&field) else {
            let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
            names.extend(ALIASES.iter().map(|a| a.0));
            names.push("threads");
            names.sort_unstable();
            return Err(PyTypeError::new_err(format!(
                "unknown unspin option {key:?} (known options: {})",
                names.join(", ")
            )));
        };
        let value = match (field.as_str(), default) {
            ("stages", _) => Value::from(stages_option(&value)?),
            ("packs", _) => Value::from(list_option(&key, &value)?),
            ("min_confidence", _) => Value::from(confidence_option(&value)?),
            (_, Value::Object(defaults)) => {
                let Value::Object(update) = py_to_json(&key, &value)? else {
                    return Err(PyTypeError::new_err(format!(
                        "option {key:?} must be a dict, not {}",
                        type_name(&value)
                    )));
                };
                let mut merged = defaults.clone();
                for (k, v) in update {
                    if !defaults.contains_key(&k) {
                        let names: Vec<&str> = defaults.keys().map(String::as_str).collect();
                        return Err(PyTypeError::new_err(format!(
                            "unknown key {k:?} in option {key:?} (known keys: {})",
                            names.join(", ")
                        )));
                    }
                    merged.insert(k, v);
                }
                Value::Object(merged)
            }
            (_, Value::Array(_)) => match py_to_json(&key, &value)? {
                one @ Value::String(_) => Value::Array(vec![one]),
                v => v,
            },
            _ => py_to_json(&key, &value)?,
        };
        given.insert(field, value);
    }
    // A threshold asked for judges the OCR stage's edits too (docs/ocr.md, round 17).
    let judges_ocr = given.contains_key("min_confidence");
    fields.extend(given);
    let mut config: Config = serde_json::from_value(Value::Object(fields))
        .map_err(|e| PyValueError::new_err(format!("invalid unspin options: {e}")))?;
    config.min_confidence_judges_ocr = judges_ocr;
    Ok(config)
}

/// A list of names given as a list/tuple of str or as one comma-separated str.
fn list_option(key: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let items: Vec<String> = if let Ok(s) = value.cast::<PyString>() {
        s.to_cow()?.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
    } else {
        value.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "option {key:?} must be a list of str or a comma-separated str, not {}",
                type_name(value)
            ))
        })?
    };
    Ok(items)
}

fn stages_option(value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let names = list_option("stages", value)?;
    for n in &names {
        n.parse::<Stage>().map_err(PyValueError::new_err)?;
    }
    Ok(names)
}

fn confidence_option(value: &Bound<'_, PyAny>) -> PyResult<f64> {
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err("min_confidence must be a number between 0 and 1, not bool"));
    }
    let x: f64 = value.extract().map_err(|_| {
        PyTypeError::new_err(format!("min_confidence must be a number between 0 and 1, not {}", type_name(value)))
    })?;
    if !(0.0..=1.0).contains(&x) {
        return Err(PyValueError::new_err(format!("min_confidence must be between 0 and 1, got {x}")));
    }
    Ok(x)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

/// Any JSON-able Python value, through the `json` module.
fn py_to_json(key: &str, value: &Bound<'_, PyAny>) -> PyResult<Value> {
    let text: String = value
        .py()
        .import("json")?
        // Paths (pathlib, os.PathLike) become their string; anything else JSON cannot hold is an error.
        .call_method(
            "dumps",
            (value,),
            Some(&[("default", value.py().import("os")?.getattr("fspath")?)].into_py_dict(value.py())?),
        )
        .map_err(|e| PyTypeError::new_err(format!("option {key:?}: {e}")))?
        .extract()?;
    serde_json::from_str(&text).map_err(|e| PyValueError::new_err(format!("option {key:?}: {e}")))
}

fn json_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

#[pymodule]
fn _unspin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCleaner>()?;
    m.add_class::<PyResult_>()?;
    m.add_class::<PyEdit>()?;
    m.add_function(wrap_pyfunction!(packs, m)?)?;
    m.add_function(wrap_pyfunction!(_cleaner_from_json, m)?)?;
    m.add("STAGES", Stage::ALL.iter().map(|s| s.name()).collect::<Vec<_>>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
