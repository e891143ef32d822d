"""The root pyproject.toml describes entropo_trainer with its source under python/ (setuptools' own reader is the oracle)."""

from pathlib import Path

from setuptools.config.pyprojecttoml import read_configuration

ROOT = Path(__file__).resolve().parents[2]


def test_root_pyproject_maps_entropo_trainer_to_python_dir():
    config = read_configuration(ROOT / "pyproject.toml")
    assert config["project"]["name"] == "entropo_trainer"
    assert "llamafactory==0.9.5" in config["project"]["dependencies"]
    setuptools_config = config["tool"]["setuptools"]
    package_root = ROOT / setuptools_config["package-dir"][""]
    assert setuptools_config["packages"] == ["entropo_trainer"]
    assert (package_root / "entropo_trainer" / "__init__.py").is_file()
    assert (package_root / "entropo_trainer" / "losses.py").is_file()
    assert not (ROOT / "python" / "pyproject.toml").exists()
