#!/bin/sh
# Chromium and CJK fonts for the browser test (tests/test_browser.py). Idempotent: installs only when
# /usr/bin/chromium is missing and we are root on a system with apt-get; exits 0 either way (the test
# then skips with its reason when Chromium is still missing).
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装 Chromium 与中文字体（浏览器测试用）……"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk; } \
    || echo "未能安装 Chromium：浏览器测试将被跳过。"
else
  echo "缺少 /usr/bin/chromium，且无 root 权限或 apt-get，无法自动安装：浏览器测试将被跳过。"
fi
exit 0
