"""The course's pure core: CE hours and what a course needs to be published, scoring
attempts against immutable item versions, attempt rules, and item analysis.

No Django, no clock: the course app stores courses, items and attempts and hands them
here as values.
"""
