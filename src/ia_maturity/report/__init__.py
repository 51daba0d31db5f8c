"""Reports: the context (pure data built from a result), the chart's geometry, the words in both
languages, and the renderers (Markdown, HTML and PDF through Jinja2 templates; Word through
python-docx). ``render`` holds the ``report`` command."""
