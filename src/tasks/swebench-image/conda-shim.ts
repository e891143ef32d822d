// A conda-compatible activation for offline images: `source /opt/miniconda3/bin/activate` and `conda activate ENV`
// as SWE-bench's eval scripts call them, over plain venvs in /opt/miniconda3/envs (no conda, no network).

/** /opt/miniconda3/etc/profile.d/conda.sh: the `conda` shell function (activate / deactivate only). */
export const condaProfileScript = `# entropo: conda-compatible activation over venvs in /opt/miniconda3/envs (offline images; no conda inside).
_entropo_conda_root=/opt/miniconda3
_entropo_conda_path() {
  # PATH without the bin directory of base or any environment (POSIX sh, safe under set -euo pipefail)
  _entropo_rest=""
  _entropo_ifs="$IFS"
  IFS=:
  for _entropo_dir in $PATH; do
    case "$_entropo_dir" in
      "$_entropo_conda_root"/envs/*/bin | "$_entropo_conda_root"/bin) ;;
      *) _entropo_rest="\${_entropo_rest:+$_entropo_rest:}$_entropo_dir" ;;
    esac
  done
  IFS="$_entropo_ifs"
  printf '%s' "$_entropo_rest"
}
conda() {
  case "\${1:-}" in
    activate)
      _entropo_env="\${2:-base}"
      if [ "$_entropo_env" = base ]; then _entropo_prefix="$_entropo_conda_root"; else _entropo_prefix="$_entropo_conda_root/envs/$_entropo_env"; fi
      if [ ! -x "$_entropo_prefix/bin/python" ]; then
        echo "conda: environment '$_entropo_env' does not exist under $_entropo_conda_root/envs" >&2
        return 1
      fi
      PATH="$_entropo_prefix/bin:$(_entropo_conda_path)"
      CONDA_DEFAULT_ENV="$_entropo_env"
      CONDA_PREFIX="$_entropo_prefix"
      export PATH CONDA_DEFAULT_ENV CONDA_PREFIX
      if [ "$_entropo_env" = base ]; then unset VIRTUAL_ENV; else VIRTUAL_ENV="$_entropo_prefix"; export VIRTUAL_ENV; fi
      hash -r 2>/dev/null || true
      ;;
    deactivate)
      PATH="$(_entropo_conda_path)"
      CONDA_DEFAULT_ENV=base
      CONDA_PREFIX="$_entropo_conda_root"
      export PATH CONDA_DEFAULT_ENV CONDA_PREFIX
      unset VIRTUAL_ENV
      hash -r 2>/dev/null || true
      ;;
    *)
      echo "conda: only 'conda activate ENV' and 'conda deactivate' exist in this offline image (entropo)" >&2
      return 1
      ;;
  esac
}
`;

/** /opt/miniconda3/bin/activate: sourced by SWE-bench's scripts; defines `conda` and activates base (or $1). */
export const condaActivateScript = `# entropo: conda-compatible activate (see /opt/miniconda3/etc/profile.d/conda.sh)
. /opt/miniconda3/etc/profile.d/conda.sh
conda activate "\${1:-base}"
`;

/** /root/.bashrc: interactive shells start in `testbed`, as in SWE-bench's images. */
export const bashrc = "source /opt/miniconda3/etc/profile.d/conda.sh && conda activate testbed\n";
