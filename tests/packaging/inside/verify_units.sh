# test_units, inside a Debian 12 tree: both packages installed, then systemd-analyze verify.
source /lanecast-tests/inside/common.sh
dpkg -i "$DEB" "$KIOSK_DEB" </dev/null >/out/dpkg.log 2>&1 || { cat /out/dpkg.log; bad "dpkg -i failed"; }
# man:lanecastd(8) is checked by test_build; the tree has no man program to look pages up.
status=0
systemd-analyze verify --man=no $UNITS >/out/verify.txt 2>&1 || status=$?
echo "exit status $status" >>/out/verify.txt

sed 's/^ProtectSystem=/ProtectSytem=/' /lib/systemd/system/lanecast.service \
  >/etc/systemd/system/lanecast-typo.service
systemd-analyze verify --man=no /etc/systemd/system/lanecast-typo.service >/out/typo.txt 2>&1 || true
