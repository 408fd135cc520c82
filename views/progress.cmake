# The progress window of an operation (full and percent mode) and its widgets.
target_sources(optrack_views PRIVATE
  progressring.cpp progressring.h
  statuscolors.cpp statuscolors.h
  stepindicator.cpp stepindicator.h
)
