"""Contacts and escalation: who to call now."""
