"""Pieces every editing dialog shares: the line that says what is wrong, and Save / Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel


def error_label(name: str) -> QLabel:
    """A red, wrapping line for what stops a save (empty until there is something to say)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #a40000;")
    return label


def save_cancel(dialog: QDialog, save_text: str, cancel_text: str) -> QDialogButtonBox:
    """Save runs the dialog's accept (which validates first); Cancel rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
