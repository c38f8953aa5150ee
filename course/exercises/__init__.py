"""Pure rules for the exercises (course.model.exercise): scoring, flags and the documents a
learner downloads. No widgets, no I/O: plain unit tests reach every rule here."""
