#!/usr/bin/env bash
# The package as users get it: build the wheel; in a fresh venv that already has torch (as Colab has), run the Colab
# install cell of each notebook a user steps through against that wheel, then its import cells; then, from a folder
# outside the source tree, check the import, the three console scripts, a short training run and a prediction.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python -m build --wheel --outdir "$work/dist" "$root" > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --upgrade pip
python "$root/.ci/link_dists.py" "$work/venv" torch torchvision   # what a Colab runtime starts with (hard links)
"$work/venv/bin/pip" install -q torch torchvision             # finds them installed
"$work/venv/bin/python" "$root/.ci/colab_check.py" "$work"/dist/*.whl \
  "$root/nbs/04_train.ipynb" "$root/nbs/05_eval.ipynb" "$root/nbs/06_inference.ipynb" "$root/nbs/07_protocol.ipynb"
cd "$work"                                   # nothing may come from the source tree or the notebooks
export PATH="$work/venv/bin:$PATH"
python -c "import deepfake_nbdev, deepfake_nbdev.inference as i, sys; assert 'site-packages' in deepfake_nbdev.__file__, deepfake_nbdev.__file__; print('import ok:', deepfake_nbdev.__version__, deepfake_nbdev.__file__)"
for s in deepfake-train deepfake-demo deepfake-predict deepfake-prepare deepfake-eval; do "$s" --help > /dev/null; echo "$s --help ok"; done
deepfake-train --demo --demo-per-class 24 --image-size 64 --backbone test_efficientnet --no-pretrained --num-epochs 1 \
  --batch-size 8 --num-workers 0 --no-progress --device cpu --output-dir run > train.log 2>&1 || { cat train.log; exit 1; }
test -f run/confusion_matrix.png -a -f run/enhanced_training_analysis.png || { echo "deepfake-train wrote no evaluation plots"; exit 1; }
img=$(ls run/demo_data/Test/Fake/*.png | head -1)
deepfake-predict --model run/best_deepfake_detector.pth --json "$img" > pred.json
python -c "import json; r = json.load(open('pred.json'))[0]; assert r['prediction'] in ('Real', 'Fake') and abs(sum(r['probabilities'].values()) - 1) < 1e-5, r; print('prediction ok:', r['prediction'], round(r['confidence'], 3))"
echo "wheel check passed"
