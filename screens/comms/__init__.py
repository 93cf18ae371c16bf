"""The comms screen: drafts per template, edited, copied or sent."""
