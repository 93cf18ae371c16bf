"""Telling people: contacts and escalation, messages filled from the incident, channels."""
