"""Reading, coding and measuring session transcripts."""
