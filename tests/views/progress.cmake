# Tests of the progress window and its widgets (views/progress.cmake). Each saves PNGs of
# what it showed into OPTRACK_SCREENSHOT_DIR.
foreach(name progressring stepindicator operationprogressdialog)
  optrack_add_test(tst_${name} SOURCES tst_${name}.cpp progressscreenshot.h
                   LIBS optrack_views)
  set_property(TEST tst_${name} APPEND PROPERTY ENVIRONMENT
               "OPTRACK_SCREENSHOT_DIR=${OPTRACK_SCREENSHOT_DIR}")
endforeach()
# The dialog's integration test runs the real optrackd.
target_link_libraries(tst_operationprogressdialog PRIVATE optrack_testsupport)
