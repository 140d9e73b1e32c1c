"""Drafting: templates, render, facts."""
