# The dashboard part of optrack_views: the main window, the operations view and its
# sidebar, table delegates and detail panel, the connection indicator and offline banner,
# the metrics view and the start-work dialogs.
target_sources(optrack_views PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/connectionindicator.cpp ${CMAKE_CURRENT_LIST_DIR}/connectionindicator.h
  ${CMAKE_CURRENT_LIST_DIR}/countbadgedelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/countbadgedelegate.h
  ${CMAKE_CURRENT_LIST_DIR}/deletefiledialog.cpp ${CMAKE_CURRENT_LIST_DIR}/deletefiledialog.h
  ${CMAKE_CURRENT_LIST_DIR}/denyreasondialog.cpp ${CMAKE_CURRENT_LIST_DIR}/denyreasondialog.h
  ${CMAKE_CURRENT_LIST_DIR}/emptyoverlay.cpp ${CMAKE_CURRENT_LIST_DIR}/emptyoverlay.h
  ${CMAKE_CURRENT_LIST_DIR}/eventdelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/eventdelegate.h
  ${CMAKE_CURRENT_LIST_DIR}/exportdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/exportdialog.h
  ${CMAKE_CURRENT_LIST_DIR}/mainwindow.cpp ${CMAKE_CURRENT_LIST_DIR}/mainwindow.h
  ${CMAKE_CURRENT_LIST_DIR}/metricsview.cpp ${CMAKE_CURRENT_LIST_DIR}/metricsview.h
  ${CMAKE_CURRENT_LIST_DIR}/offlinebanner.cpp ${CMAKE_CURRENT_LIST_DIR}/offlinebanner.h
  ${CMAKE_CURRENT_LIST_DIR}/operationactions.cpp ${CMAKE_CURRENT_LIST_DIR}/operationactions.h
  ${CMAKE_CURRENT_LIST_DIR}/operationdetailpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/operationdetailpanel.h
  ${CMAKE_CURRENT_LIST_DIR}/operationssidebar.cpp ${CMAKE_CURRENT_LIST_DIR}/operationssidebar.h
  ${CMAKE_CURRENT_LIST_DIR}/operationsview.cpp ${CMAKE_CURRENT_LIST_DIR}/operationsview.h
  ${CMAKE_CURRENT_LIST_DIR}/progressdelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/progressdelegate.h
  ${CMAKE_CURRENT_LIST_DIR}/statusbadge.cpp ${CMAKE_CURRENT_LIST_DIR}/statusbadge.h
  ${CMAKE_CURRENT_LIST_DIR}/statusbadgedelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/statusbadgedelegate.h
  ${CMAKE_CURRENT_LIST_DIR}/statusstyle.cpp ${CMAKE_CURRENT_LIST_DIR}/statusstyle.h
  ${CMAKE_CURRENT_LIST_DIR}/steplist.cpp ${CMAKE_CURRENT_LIST_DIR}/steplist.h
  ${CMAKE_CURRENT_LIST_DIR}/uploadprogressdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/uploadprogressdialog.h
  ${CMAKE_CURRENT_LIST_DIR}/votedelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/votedelegate.h
)
