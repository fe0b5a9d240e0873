"""Rasa graph components of the bot itself (loaded by Rasa from the repository root)."""
