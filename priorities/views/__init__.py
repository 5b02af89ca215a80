"""Views of the plan, measures, imports/exports and strategic assessments."""
