#!/bin/sh
# Virtuoso for the store tests on Virtuoso (tests/virtuoso_server.py). Idempotent: installs the Debian
# package virtuoso-opensource only when virtuoso-t is missing and we are root on a system with apt-get;
# exits 0 either way (the tests then skip with their reason when virtuoso-t is still missing). Only the
# program is used: the tests start a private instance with their own ini file on free ports, never the
# package's system service (which a machine running systemd starts on ports 1111 and 8890).
if command -v virtuoso-t >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装 Virtuoso（virtuoso-opensource，Virtuoso 上的存储测试用）……"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource; } \
    || echo "未能安装 Virtuoso：Virtuoso 上的测试将被跳过。"
else
  echo "缺少 virtuoso-t，且无 root 权限或 apt-get，无法自动安装：Virtuoso 上的测试将被跳过。"
fi
exit 0
