#!/bin/sh
# Makes the media clips under resources/media once; the outputs are committed.
# Needs ffmpeg with libx264 and libx265 (Debian: apt-get install ffmpeg).
# Every clip: 640x360, 25 fps, 10 s, an IDR every 25 frames (1 s), no scene-cut keyframes, no B-frames,
# parameter sets repeated before every IDR so a viewer can join at any keyframe.
set -eu

OUT="$(cd "$(dirname "$0")/.." && pwd)/resources/media"
mkdir -p "$OUT"

SRC="testsrc2=size=640x360:rate=25:duration=10"
COMMON="-hide_banner -loglevel error -y -f lavfi -i $SRC -pix_fmt yuv420p -an"
RATE="-b:v 450k -maxrate 600k -bufsize 600k"

# H.264 Constrained Baseline, level 3.0, no access unit delimiters.
ffmpeg $COMMON -c:v libx264 -profile:v baseline -level:v 3.0 $RATE \
  -x264-params "keyint=25:min-keyint=25:scenecut=0:bframes=0:repeat-headers=1" \
  -f h264 "$OUT/clip-640x360-25fps-baseline.h264"

# H.264 High, level 3.0, CABAC and 8x8 transform, with access unit delimiters.
ffmpeg $COMMON -c:v libx264 -profile:v high -level:v 3.0 $RATE \
  -x264-params "keyint=25:min-keyint=25:scenecut=0:bframes=0:repeat-headers=1:aud=1" \
  -f h264 "$OUT/clip-640x360-25fps-high.h264"

# H.265 Main, closed GOP so every keyframe is an IDR.
ffmpeg $COMMON -c:v libx265 $RATE \
  -x265-params "log-level=error:keyint=25:min-keyint=25:scenecut=0:bframes=0:open-gop=0:repeat-headers=1" \
  -f hevc "$OUT/clip-640x360-25fps-main.h265"

# G.711 A-law, 8 kHz mono, raw (no header), a 440 Hz tone.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=frequency=440:sample_rate=8000:duration=10" \
  -ac 1 -ar 8000 -c:a pcm_alaw -f alaw "$OUT/tone-8khz-10s.alaw"

ls -l "$OUT"
