# Shared by scripts/preview and scripts/test: find Python 3.11+, make .venv, install Debian packages when missing.
# shellcheck shell=bash

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "This step needs administrator rights: run '$*' as root, then try again."; exit 1; fi
}

# apt_install PACKAGE... : install the Debian/Ubuntu packages that are not installed yet.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    say "Please install these packages with your system's package manager: ${missing[*]}"; exit 1
  fi
  say "Installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  say "Prospectus needs Python 3.11 or newer. On Debian or Ubuntu: sudo apt-get install python3"; exit 1
}

# ensure_venv EXTRAS : make .venv with Python 3.11+ and install the project (with optional extras, e.g. "[test]").
ensure_venv() {
  local python
  python=$(find_python)
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
      local version
      version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt_install "python${version}-venv"
    fi
    say "Creating the virtual environment in .venv"
    "$python" -m venv .venv
  fi
  say "Installing Prospectus and its Python packages${1:+ (with $1)}"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$1"
}

# PDF_PACKAGES: what WeasyPrint needs from the system to make the brochure PDFs (Pango, and a font).
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

# ensure_pdf_tools : the system libraries the brochure PDFs need.
ensure_pdf_tools() {
  apt_install "${PDF_PACKAGES[@]}"
}

# ensure_quality_tools : the browser, Java and npm packages the quality checks run (see tests/quality),
# poppler-utils (pdftotext, pdfinfo, pdftoppm), which read the brochure PDFs back, and ShellCheck, which
# actionlint runs on the publishing workflow's scripts (tests/test_workflow.py).
ensure_quality_tools() {
  local packages=(poppler-utils shellcheck "${PDF_PACKAGES[@]}")
  command -v java >/dev/null || packages+=(default-jre-headless)
  command -v npm >/dev/null || packages+=(nodejs npm)
  local os_id=""
  [ -r /etc/os-release ] && os_id=$(. /etc/os-release && echo "${ID:-}")
  if [ "$os_id" != ubuntu ]; then
    [ -x /usr/bin/chromium ] || packages+=(chromium)
  fi
  apt_install "${packages[@]}"
  if [ "$os_id" = ubuntu ] && [ ! -x /usr/bin/chromium ]; then
    # Ubuntu's chromium package is a snap, which does not run here: use Playwright's own Chromium build.
    say "Installing Chromium for Playwright"
    .venv/bin/python -m playwright install --with-deps chromium
  fi
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.package-lock.json.ci 2>/dev/null; then
    say "Installing the HTML checker and axe-core (npm)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.package-lock.json.ci
  fi
}
