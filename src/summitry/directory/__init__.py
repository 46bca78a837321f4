"""The directory (C2): organisations and people, shared by every summit."""
