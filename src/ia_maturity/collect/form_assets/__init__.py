"""The offline form's template, script and style sheet (package data read by ``collect.form``)."""
