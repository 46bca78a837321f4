"""Summits and venues (C1): editions, dates, time zone, format, organisations in roles, venues."""
