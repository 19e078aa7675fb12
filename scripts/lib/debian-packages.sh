# shellcheck shell=sh
# Sourced by the setup scripts (POSIX sh): installs the Debian packages of a list that are missing,
# with one apt-get update, and says which. Needs root only when something is missing.
#   debian_install_missing LABEL "PACKAGE ..."
debian_install_missing() {
  dim_label=$1
  dim_missing=""
  for dim_package in $2; do
    dpkg-query -W -f='${Status}' "$dim_package" 2>/dev/null | grep -q "install ok installed" || dim_missing="$dim_missing $dim_package"
  done
  [ -n "$dim_missing" ] || return 0
  echo "$dim_label: installing Debian packages:$dim_missing"
  [ "$(id -u)" -eq 0 ] || { echo "$dim_label: installing packages needs root (apt-get)" >&2; exit 1; }
  apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $dim_missing >/dev/null
}
