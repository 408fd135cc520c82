# CPack: one Debian package per program, from the install components —
#   optrack     the desktop app (its desktop entry, metainfo, icon and man page)
#   optrackd    the service (its unit, default configuration and man page)
#   optrackctl  the command-line producer and watcher, once it is built
# Dependencies come from dpkg-shlibdeps, plus the plugins it cannot see. scripts/package
# builds them with Debian's hardening flags and runs lintian on them.
# Included at the end of the top directory, when every program's target exists.

set(OPTRACK_PACKAGES optrack optrackd)
if(TARGET optrackctl)
  list(APPEND OPTRACK_PACKAGES optrackctl)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME optrack)
set(CPACK_PACKAGE_VENDOR "The Optrack developers")
set(CPACK_PACKAGE_CONTACT "The Optrack developers <packages@optrack.io>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Each package's description starts with its own synopsis; an empty summary keeps CPack from
# putting the project's in front of it.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${OPTRACK_PACKAGES})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${OPTRACK_HOMEPAGE})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_OPTRACK_PACKAGE_NAME optrack)
set(CPACK_DEBIAN_OPTRACK_PACKAGE_SECTION x11)
# The embedded default runs the same version's optrackd.
set(CPACK_DEBIAN_OPTRACK_PACKAGE_DEPENDS "optrackd (= ${PROJECT_VERSION})")
# Qt's own texts (dialog buttons, context menus) in the user's language come from
# qt6-translations-l10n; Optrack's own catalogues are inside the program.
set(CPACK_DEBIAN_OPTRACK_PACKAGE_RECOMMENDS "qt6-wayland, qt6-translations-l10n")
set(CPACK_DEBIAN_OPTRACK_DESCRIPTION "desktop app of Optrack, the tracker of long-running operations
Optrack tracks long-running backend operations: uploads, exports, deletions
that need approval votes, and anything a backend reports. The app shows them
live in a table, with progress windows, approval votes and notifications.
.
Without a configured server it runs its own optrackd on this computer.")

set(CPACK_DEBIAN_OPTRACKD_PACKAGE_NAME optrackd)
set(CPACK_DEBIAN_OPTRACKD_PACKAGE_SECTION net)
# The SQLite and PostgreSQL drivers are Qt plugins: dpkg-shlibdeps cannot see them (it sees
# libpq, which optrackd links to read PostgreSQL URIs).
set(CPACK_DEBIAN_OPTRACKD_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6sql6-psql")
set(CPACK_DEBIAN_OPTRACKD_DESCRIPTION "Optrack service: tracks long-running operations
optrackd serves the Optrack HTTP and WebSocket API: tracked operations with
their progress, steps, approval votes and audit trail, built-in upload, export
and deletion workloads, and durable state in SQLite or PostgreSQL.
.
The package installs a hardened systemd unit (not enabled until the service
is configured), a default configuration and online backups.")
set(CPACK_DEBIAN_OPTRACKD_PACKAGE_CONTROL_EXTRA
    "${OPTRACK_PACKAGING_SOURCE_DIR}/debian/optrackd/postinst;${OPTRACK_PACKAGING_SOURCE_DIR}/debian/optrackd/prerm;${OPTRACK_PACKAGING_SOURCE_DIR}/debian/optrackd/postrm;${OPTRACK_PACKAGING_BINARY_DIR}/conffiles")

set(CPACK_DEBIAN_OPTRACKCTL_PACKAGE_NAME optrackctl)
set(CPACK_DEBIAN_OPTRACKCTL_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_OPTRACKCTL_DESCRIPTION "command-line producer and watcher of Optrack operations
optrackctl starts, reports and follows Optrack operations from scripts and
terminals, against an optrackd service.")

include(CPack)
