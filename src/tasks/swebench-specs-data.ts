// SWE-bench 4.1.0's install and test specifications of its Python repositories (harness/constants/python.py),
// restated per repository as facts: the Python version, packages, pre-install steps, install step and test command.
import type { SwebenchSpec } from "./swebench-specs.js";

const testPytest = "pytest -rA";
const testAstropyClassic = "pytest -rA -vv -o console_output_style=classic --tb=no";
const testDjango = "./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1";
const testSeaborn = "pytest --no-header -rA";
const testSphinx = "tox --current-env -epy39 -v --";
const testSympy = "PYTHONWARNINGS='ignore::UserWarning,ignore::SyntaxWarning' bin/test -C --verbose";

type SpecTable = Record<string, SwebenchSpec>;

/** One spec shared by several versions (each version gets its own copy, as SWE-bench's dict comprehensions do). */
function versions(list: string, spec: SwebenchSpec): SpecTable {
  return Object.fromEntries(list.split(" ").map((version) => [version, structuredClone(spec)]));
}

const sklearn: SpecTable = {
  ...versions("0.20 0.21 0.22", {
    python: "3.6",
    packages: "numpy scipy cython pytest pandas matplotlib",
    install: "python -m pip install -v --no-use-pep517 --no-build-isolation -e .",
    pipPackages: ["cython", "numpy==1.19.2", "setuptools", "scipy==1.5.2"],
    testCmd: testPytest,
  }),
  ...versions("1.3 1.4 1.5 1.6", {
    python: "3.9",
    packages: "'numpy==1.19.2' 'scipy==1.5.2' 'cython==3.0.10' pytest 'pandas<2.0.0' 'matplotlib<3.9.0' setuptools pytest joblib threadpoolctl",
    install: "python -m pip install -v --no-use-pep517 --no-build-isolation -e .",
    pipPackages: ["cython", "setuptools", "numpy", "scipy"],
    testCmd: testPytest,
  }),
};

const flaskPins = ["setuptools==70.0.0", "click==8.1.3", "itsdangerous==2.1.2", "Jinja2==3.1.2", "MarkupSafe==2.1.1", "Werkzeug==2.3.7"];
const flask: SpecTable = {
  "2.0": {
    python: "3.9",
    packages: "requirements.txt",
    install: "python -m pip install -e .",
    pipPackages: ["setuptools==70.0.0", "Werkzeug==2.3.7", "Jinja2==3.0.1", "itsdangerous==2.1.2", "click==8.0.1", "MarkupSafe==2.1.3"],
    testCmd: testPytest,
  },
  "2.1": { python: "3.10", packages: "requirements.txt", install: "python -m pip install -e .", pipPackages: flaskPins, testCmd: testPytest },
  ...versions("2.2 2.3 3.0 3.1", { python: "3.11", packages: "requirements.txt", install: "python -m pip install -e .", pipPackages: flaskPins, testCmd: testPytest }),
};

const djangoLocale = ["export LANG=en_US.UTF-8", "export LC_ALL=en_US.UTF-8", "export PYTHONIOENCODING=utf8", "export LANGUAGE=en_US:en"];
const django: SpecTable = {
  ...versions("1.7 1.8 1.9 1.10 1.11 2.0 2.1 2.2", {
    python: "3.5",
    packages: "requirements.txt",
    preInstall: ["apt-get update && apt-get install -y locales", "echo 'en_US UTF-8' > /etc/locale.gen", "locale-gen en_US.UTF-8"],
    install: "python setup.py install",
    pipPackages: ["setuptools"],
    evalCommands: djangoLocale,
    testCmd: testDjango,
  }),
  ...versions("1.4 1.5 1.6", { python: "3.5", install: "python setup.py install", testCmd: testDjango }),
  ...versions("3.0 3.1 3.2", {
    python: "3.6",
    packages: "requirements.txt",
    install: "python -m pip install -e .",
    evalCommands: ["sed -i '/en_US.UTF-8/s/^# //g' /etc/locale.gen && locale-gen", "export LANG=en_US.UTF-8", "export LANGUAGE=en_US:en", "export LC_ALL=en_US.UTF-8"],
    testCmd: testDjango,
  }),
  "4.0": { python: "3.8", packages: "requirements.txt", install: "python -m pip install -e .", testCmd: testDjango },
  ...versions("4.1 4.2", { python: "3.9", packages: "requirements.txt", install: "python -m pip install -e .", testCmd: testDjango }),
  ...versions("5.0 5.1 5.2", { python: "3.11", packages: "requirements.txt", install: "python -m pip install -e .", testCmd: testDjango }),
};
(django["1.9"] as SwebenchSpec).testCmd = "./tests/runtests.py --verbosity 2";

const requests: SpecTable = versions(
  "0.7 0.8 0.9 0.11 0.13 0.14 1.1 1.2 2.0 2.2 2.3 2.4 2.5 2.7 2.8 2.9 2.10 2.11 2.12 2.17 2.18 2.19 2.22 2.26 2.25 2.27 2.31 3.0",
  { python: "3.9", packages: "pytest", install: "python -m pip install .", testCmd: testPytest },
);

const seabornPins = (pandas: string): string[] => [
  "contourpy==1.1.0", "cycler==0.11.0", "fonttools==4.42.1", "importlib-resources==6.0.1", "kiwisolver==1.4.5", "matplotlib==3.7.2",
  "numpy==1.25.2", "packaging==23.1", pandas, "pillow==10.0.0", "pyparsing==3.0.9", "pytest", "python-dateutil==2.8.2",
  "pytz==2023.3.post1", "scipy==1.11.2", "six==1.16.0", "tzdata==2023.1", "zipp==3.16.2",
];
const seaborn: SpecTable = {
  "0.11": { python: "3.9", install: "python -m pip install -e .", pipPackages: seabornPins("pandas==1.3.5"), testCmd: testSeaborn },
  ...versions("0.12 0.13 0.14", { python: "3.9", install: "python -m pip install -e .[dev]", pipPackages: seabornPins("pandas==2.0.0"), testCmd: testSeaborn }),
};

const pytestPins: Record<string, string[]> = {
  "4.4": ["atomicwrites==1.4.1", "attrs==23.1.0", "more-itertools==10.1.0", "pluggy==0.13.1", "py==1.11.0", "setuptools==68.0.0", "six==1.16.0"],
  "4.5": ["atomicwrites==1.4.1", "attrs==23.1.0", "more-itertools==10.1.0", "pluggy==0.11.0", "py==1.11.0", "setuptools==68.0.0", "six==1.16.0", "wcwidth==0.2.6"],
  "4.6": ["atomicwrites==1.4.1", "attrs==23.1.0", "more-itertools==10.1.0", "packaging==23.1", "pluggy==0.13.1", "py==1.11.0", "six==1.16.0", "wcwidth==0.2.6"],
  "5.0 5.1 5.2": ["atomicwrites==1.4.1", "attrs==23.1.0", "more-itertools==10.1.0", "packaging==23.1", "pluggy==0.13.1", "py==1.11.0", "wcwidth==0.2.6"],
  "5.3": ["attrs==23.1.0", "more-itertools==10.1.0", "packaging==23.1", "pluggy==0.13.1", "py==1.11.0", "wcwidth==0.2.6"],
  "5.4": ["py==1.11.0", "packaging==23.1", "attrs==23.1.0", "more-itertools==10.1.0", "pluggy==0.13.1"],
  "6.0": ["attrs==23.1.0", "iniconfig==2.0.0", "more-itertools==10.1.0", "packaging==23.1", "pluggy==0.13.1", "py==1.11.0", "toml==0.10.2"],
  "6.2 6.3": ["attrs==23.1.0", "iniconfig==2.0.0", "packaging==23.1", "pluggy==0.13.1", "py==1.11.0", "toml==0.10.2"],
  "7.0": ["attrs==23.1.0", "iniconfig==2.0.0", "packaging==23.1", "pluggy==0.13.1", "py==1.11.0"],
  "7.1 7.2": ["attrs==23.1.0", "iniconfig==2.0.0", "packaging==23.1", "pluggy==0.13.1", "py==1.11.0", "tomli==2.0.1"],
  "7.4 8.0 8.1 8.2 8.3 8.4": ["iniconfig==2.0.0", "packaging==23.1", "pluggy==1.3.0", "exceptiongroup==1.1.3", "tomli==2.0.1"],
};
const pytest: SpecTable = Object.assign(
  {},
  ...Object.entries(pytestPins).map(([list, pins]) => versions(list, { python: "3.9", install: "python -m pip install -e .", pipPackages: pins, testCmd: testPytest })),
) as SpecTable;
(pytest["6.3"] as SwebenchSpec).preInstall = ["sed -i 's/>=>=/>=/' setup.cfg"];

const qhull = [
  'QHULL_URL="http://www.qhull.org/download/qhull-2020-src-8.0.2.tgz"',
  'QHULL_TAR="/tmp/qhull-2020-src-8.0.2.tgz"',
  'QHULL_BUILD_DIR="/testbed/build"',
  'wget -O "$QHULL_TAR" "$QHULL_URL"',
  'mkdir -p "$QHULL_BUILD_DIR"',
  'tar -xvzf "$QHULL_TAR" -C "$QHULL_BUILD_DIR"',
];
const texlive = "texlive texlive-latex-extra texlive-fonts-recommended texlive-xetex texlive-luatex cm-super";
const matplotlib: SpecTable = {
  ...versions("3.5 3.6 3.7 3.8 3.9", {
    python: "3.11",
    packages: "environment.yml",
    install: "python -m pip install -e .",
    preInstall: [`apt-get -y update && apt-get -y upgrade && DEBIAN_FRONTEND=noninteractive apt-get install -y imagemagick ffmpeg ${texlive} dvipng`, ...qhull],
    pipPackages: [
      "contourpy==1.1.0", "cycler==0.11.0", "fonttools==4.42.1", "ghostscript", "kiwisolver==1.4.5", "numpy==1.25.2", "packaging==23.1",
      "pillow==10.0.0", "pikepdf", "pyparsing==3.0.9", "python-dateutil==2.8.2", "six==1.16.0", "setuptools==68.1.2",
      "setuptools-scm==7.1.0", "typing-extensions==4.7.1",
    ],
    testCmd: testPytest,
  }),
  ...versions("3.1 3.2 3.3 3.4", {
    python: "3.8",
    packages: "requirements.txt",
    install: "python -m pip install -e .",
    preInstall: [`apt-get -y update && apt-get -y upgrade && DEBIAN_FRONTEND=noninteractive apt-get install -y imagemagick ffmpeg libfreetype6-dev pkg-config ${texlive}`, ...qhull],
    pipPackages: ["pytest", "ipython"],
    testCmd: testPytest,
  }),
  "3.0": {
    python: "3.7",
    packages: "requirements.txt",
    install: "python -m pip install -e .",
    preInstall: ["apt-get -y update && apt-get -y upgrade && apt-get install -y imagemagick ffmpeg libfreetype6-dev pkg-config", ...qhull],
    pipPackages: ["pytest"],
    testCmd: testPytest,
  },
  ...versions("2.0 2.1 2.2 1.0 1.1 1.2 1.3 1.4 1.5", {
    python: "3.5",
    install: "python setup.py build; python setup.py install",
    preInstall: ["apt-get -y update && apt-get -y upgrade && && apt-get install -y imagemagick ffmpeg"],
    pipPackages: ["pytest"],
    testCmd: testPytest,
  }),
};
for (const version of ["3.8", "3.9"]) (matplotlib[version] as SwebenchSpec).install = 'python -m pip install --no-build-isolation -e ".[dev]"';

const sphinx: SpecTable = versions(
  "1.5 1.6 1.7 1.8 2.0 2.1 2.2 2.3 2.4 3.0 3.1 3.2 3.3 3.4 3.5 4.0 4.1 4.2 4.3 4.4 4.5 5.0 5.1 5.2 5.3 6.0 6.2 7.0 7.1 7.2 7.3 7.4 8.0 8.1",
  {
    python: "3.9",
    pipPackages: ["tox==4.16.0", "tox-current-env==0.0.11", "Jinja2==3.0.3"],
    install: "python -m pip install -e .[test]",
    preInstall: ["sed -i 's/pytest/pytest -rA/' tox.ini"],
    testCmd: testSphinx,
  },
);
for (const version of "3.0 3.1 3.2 3.3 3.4 3.5 4.0 4.1 4.2 4.3 4.4".split(" ")) {
  const pins = (sphinx[version] as SwebenchSpec).preInstall as string[];
  pins.push(
    "sed -i 's/Jinja2>=2.3/Jinja2<3.0/' setup.py",
    "sed -i 's/sphinxcontrib-applehelp/sphinxcontrib-applehelp<=1.0.7/' setup.py",
    "sed -i 's/sphinxcontrib-devhelp/sphinxcontrib-devhelp<=1.0.5/' setup.py",
    "sed -i 's/sphinxcontrib-qthelp/sphinxcontrib-qthelp<=1.0.6/' setup.py",
    "sed -i 's/alabaster>=0.7,<0.8/alabaster>=0.7,<0.7.12/' setup.py",
    "sed -i \"s/'packaging',/'packaging', 'markupsafe<=2.0.1',/\" setup.py",
  );
  const htmlhelp = "sphinxcontrib-htmlhelp";
  const serializing = "sphinxcontrib-serializinghtml";
  if (["4.2", "4.3", "4.4"].includes(version)) {
    pins.push(`sed -i 's/${htmlhelp}>=2.0.0/${htmlhelp}>=2.0.0,<=2.0.4/' setup.py`, `sed -i 's/${serializing}>=1.1.5/${serializing}>=1.1.5,<=1.1.9/' setup.py`);
  } else if (version === "4.1") {
    pins.push(
      `grep -q '${htmlhelp}>=2.0.0' setup.py && sed -i 's/${htmlhelp}>=2.0.0/${htmlhelp}>=2.0.0,<=2.0.4/' setup.py || sed -i 's/${htmlhelp}/${htmlhelp}<=2.0.4/' setup.py`,
      `grep -q '${serializing}>=1.1.5' setup.py && sed -i 's/${serializing}>=1.1.5/${serializing}>=1.1.5,<=1.1.9/' setup.py || sed -i 's/${serializing}/${serializing}<=1.1.9/' setup.py`,
    );
  } else {
    pins.push(`sed -i 's/${htmlhelp}/${htmlhelp}<=2.0.4/' setup.py`, `sed -i 's/${serializing}/${serializing}<=1.1.9/' setup.py`);
  }
}
for (const version of ["7.2", "7.3", "7.4", "8.0", "8.1"]) (sphinx[version] as SwebenchSpec).preInstall?.push("apt-get update && apt-get install -y graphviz");
for (const version of ["8.0", "8.1"]) (sphinx[version] as SwebenchSpec).python = "3.10";

const astropy: SpecTable = {
  ...versions("3.0 3.1 3.2 4.1 4.2 4.3 5.0 5.1 5.2 v5.3", {
    python: "3.9",
    install: "python -m pip install -e .[test] --verbose",
    pipPackages: [
      "attrs==23.1.0", "exceptiongroup==1.1.3", "execnet==2.0.2", "hypothesis==6.82.6", "iniconfig==2.0.0", "numpy==1.25.2", "packaging==23.1",
      "pluggy==1.3.0", "psutil==5.9.5", "pyerfa==2.0.0.3", "pytest-arraydiff==0.5.0", "pytest-astropy-header==0.2.2", "pytest-astropy==0.10.0",
      "pytest-cov==4.1.0", "pytest-doctestplus==1.0.0", "pytest-filter-subpackage==0.1.2", "pytest-mock==3.11.1", "pytest-openfiles==0.5.0",
      "pytest-remotedata==0.4.0", "pytest-xdist==3.3.1", "pytest==7.4.0", "PyYAML==6.0.1", "setuptools==68.0.0", "sortedcontainers==2.4.0",
      "tomli==2.0.1",
    ],
    testCmd: testPytest,
  }),
  ...versions("0.1 0.2 0.3 0.4 1.1 1.2 1.3", {
    python: "3.6",
    install: "python -m pip install -e .[test] --verbose",
    packages: "setuptools==38.2.4",
    pipPackages: [
      "attrs==17.3.0", "exceptiongroup==0.0.0a0", "execnet==1.5.0", "hypothesis==3.44.2", "cython==0.27.3", "jinja2==2.10", "MarkupSafe==1.0",
      "numpy==1.16.0", "packaging==16.8", "pluggy==0.6.0", "psutil==5.4.2", "pyerfa==1.7.0", "pytest-arraydiff==0.1",
      "pytest-astropy-header==0.1", "pytest-astropy==0.2.1", "pytest-cov==2.5.1", "pytest-doctestplus==0.1.2", "pytest-filter-subpackage==0.1",
      "pytest-forked==0.2", "pytest-mock==1.6.3", "pytest-openfiles==0.2.0", "pytest-remotedata==0.2.0", "pytest-xdist==1.20.1",
      "pytest==3.3.1", "PyYAML==3.12", "sortedcontainers==1.5.9", "tomli==0.2.0",
    ],
    testCmd: testAstropyClassic,
  }),
};
for (const version of "4.1 4.2 4.3 5.0 5.1 5.2 v5.3".split(" ")) {
  (astropy[version] as SwebenchSpec).preInstall = [String.raw`sed -i 's/requires = \["setuptools",/requires = \["setuptools==68.0.0",/' pyproject.toml`];
}
(astropy["v5.3"] as SwebenchSpec).python = "3.10";

const sympy: SpecTable = {
  ...versions("0.7 1.0 1.1 1.10 1.11 1.12 1.2 1.4 1.5 1.6 1.7 1.8 1.9", {
    python: "3.9",
    packages: "mpmath flake8",
    pipPackages: ["mpmath==1.3.0", "flake8-comprehensions"],
    install: "python -m pip install -e .",
    testCmd: testSympy,
  }),
  ...versions("1.13 1.14", { python: "3.9", packages: "requirements.txt", install: "python -m pip install -e .", pipPackages: ["mpmath==1.3.0"], testCmd: testSympy }),
};

const pylint: SpecTable = versions("2.10 2.11 2.13 2.14 2.15 2.16 2.17 2.8 2.9 3.0 3.1 3.2 3.3 4.0", {
  python: "3.9",
  packages: "requirements.txt",
  install: "python -m pip install -e .",
  testCmd: testPytest,
});
Object.assign(pylint["2.8"] as SwebenchSpec, { pipPackages: ["pyenchant==3.2"], preInstall: ["apt-get update && apt-get install -y libenchant-2-dev hunspell-en-us"] });
for (const version of "3.0 3.1 3.2 3.3 4.0".split(" ")) (pylint[version] as SwebenchSpec).pipPackages = ["astroid==3.0.0a6", "setuptools"];

const xarray: SpecTable = versions("0.12 0.18 0.19 0.20 2022.03 2022.06 2022.09 2023.07 2024.05", {
  python: "3.10",
  packages: "environment.yml",
  install: "python -m pip install -e .",
  pipPackages: [
    "numpy==1.23.0", "packaging==23.1", "pandas==1.5.3", "pytest==7.4.0", "python-dateutil==2.8.2", "pytz==2023.3", "six==1.16.0",
    "scipy==1.11.1", "setuptools==68.0.0", "dask==2022.8.1",
  ],
  noUseEnv: true,
  testCmd: testPytest,
});

const sqlfluff: SpecTable = versions("0.10 0.11 0.12 0.13 0.4 0.5 0.6 0.8 0.9 1.0 1.1 1.2 1.3 1.4 2.0 2.1 2.2", {
  python: "3.9",
  packages: "requirements.txt",
  install: "python -m pip install -e .",
  testCmd: testPytest,
});

const pyvista: SpecTable = {
  ...versions("0.20 0.21 0.22 0.23", { python: "3.9", install: "python -m pip install -e .", pipPackages: ["pytest"], testCmd: testPytest }),
  ...versions("0.24 0.25 0.26 0.27 0.28 0.29 0.30 0.31 0.32 0.33 0.34 0.35 0.36 0.37 0.38 0.39 0.40 0.41 0.42 0.43", {
    python: "3.9",
    packages: "requirements.txt",
    install: "python -m pip install -e .",
    pipPackages: ["pytest"],
    testCmd: testPytest,
    preInstall: ["apt-get update && apt-get install -y ffmpeg libsm6 libxext6 libxrender1"],
  }),
};

const astroid: SpecTable = versions("2.10 2.12 2.13 2.14 2.15 2.16 2.5 2.6 2.7 2.8 2.9 3.0", {
  python: "3.9",
  install: "python -m pip install -e .",
  pipPackages: ["pytest"],
  testCmd: testPytest,
});

const marshmallow: SpecTable = versions("2.18 2.19 2.20 3.0 3.1 3.10 3.11 3.12 3.13 3.15 3.16 3.19 3.2 3.4 3.8 3.9", {
  python: "3.9",
  install: "python -m pip install -e '.[dev]'",
  testCmd: testPytest,
});

const pvlib: SpecTable = versions("0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9", {
  python: "3.9",
  install: "python -m pip install -e .[all]",
  packages: "pandas scipy",
  pipPackages: ["jupyter", "ipython", "matplotlib", "pytest", "flake8"],
  testCmd: testPytest,
});

const pydicom: SpecTable = versions("1.0 1.1 1.2 1.3 1.4 2.0 2.1 2.2 2.3 2.4 3.0", {
  python: "3.6",
  install: "python -m pip install -e .",
  packages: "numpy",
  pipPackages: ["pytest"],
  testCmd: testPytest,
});
for (const [list, python] of [["1.4 2.0", "3.8"], ["2.1 2.2", "3.9"], ["2.3", "3.10"], ["2.4 3.0", "3.11"]] as const) {
  for (const version of list.split(" ")) (pydicom[version] as SwebenchSpec).python = python;
}

/** MAP_REPO_VERSION_TO_SPECS of SWE-bench 4.1.0, for the Python repositories that have a test command. */
export const swebenchSpecsByRepo: Record<string, SpecTable> = {
  "astropy/astropy": astropy,
  "django/django": django,
  "matplotlib/matplotlib": matplotlib,
  "marshmallow-code/marshmallow": marshmallow,
  "mwaskom/seaborn": seaborn,
  "pallets/flask": flask,
  "psf/requests": requests,
  "pvlib/pvlib-python": pvlib,
  "pydata/xarray": xarray,
  "pydicom/pydicom": pydicom,
  "pylint-dev/astroid": astroid,
  "pylint-dev/pylint": pylint,
  "pytest-dev/pytest": pytest,
  "pyvista/pyvista": pyvista,
  "scikit-learn/scikit-learn": sklearn,
  "sphinx-doc/sphinx": sphinx,
  "sqlfluff/sqlfluff": sqlfluff,
  "sympy/sympy": sympy,
};
