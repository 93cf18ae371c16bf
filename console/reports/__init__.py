"""The paper: post-incident and DR test reports folded from the journal (md, HTML, JSON)."""
