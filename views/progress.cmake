# The progress window of an operation (full and percent mode) and its widgets.
target_sources(optrack_views PRIVATE
  approvalpanel.cpp approvalpanel.h
  operationprogressdialog.cpp operationprogressdialog.h
  progressring.cpp progressring.h
  statuscolors.cpp statuscolors.h
  stepindicator.cpp stepindicator.h
  votedecisiondelegate.cpp votedecisiondelegate.h
)
