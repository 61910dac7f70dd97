"""Respond: turn an assessment into a decision.

Response cases, Member State positions and the rules by which measures are adopted.
"""
