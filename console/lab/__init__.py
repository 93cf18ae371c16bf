"""The local lab: real servers (moto, Azurite, a health endpoint) on free loopback ports."""
