"""City diplomacy (C5): bilateral meeting requests, the meeting scheduler, protocol, agreements."""
