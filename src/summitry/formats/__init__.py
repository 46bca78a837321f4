"""Summitry's own date and time formats for Korean and English (FORMAT_MODULE_PATH).

Django's defaults read badly here: Korean date-times put 오전/오후 after the time
("2:50 오전"), short Korean dates are not padded ("2023-9-24"), and English date-times end in
"a.m." (a second full stop at the end of a sentence). Summits are international: English
uses the 24-hour clock and day-month-year, Korean the forms Seoul's own documents use."""
