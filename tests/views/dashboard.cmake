# Tests of the dashboard part of optrack_views. Each saves PNGs of what it showed under
# OPTRACK_SCREENSHOT_DIR.
foreach(dashboard_test tst_deletefiledialog tst_exportdialog tst_mainwindow tst_metricsview
                       tst_offlinebanner tst_operationdetailpanel tst_operationsview
                       tst_uploadprogressdialog)
  optrack_add_test(${dashboard_test}
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/${dashboard_test}.cpp
            ${CMAKE_CURRENT_LIST_DIR}/dashboardfixtures.h
    LIBS optrack_views)
  target_include_directories(${dashboard_test} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  set_property(TEST ${dashboard_test} APPEND PROPERTY ENVIRONMENT
               "OPTRACK_SCREENSHOT_DIR=${OPTRACK_SCREENSHOT_DIR}")
endforeach()
