"""The programme (C4): days, time blocks, items and sub-items, speakers, clashes, feeds."""
