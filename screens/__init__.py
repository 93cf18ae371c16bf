"""Textual screens and widgets. They read console state and services' models; they own no logic."""
