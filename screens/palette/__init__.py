"""The console's command palette: every action the console can take now, by name."""
