"""The form builder: editor-defined fields and Iranian field types."""
