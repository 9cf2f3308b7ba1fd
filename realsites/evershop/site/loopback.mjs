// Preloaded into EverShop's node processes (node --import): the shop stays on the loopback.
// Servers listen on 127.0.0.1 only (EverShop calls server.listen(port), i.e. every interface),
// and requests to other hosts fail at once (the demo seed downloads product images from
// GitHub: offline and the same on every machine, the products simply have no pictures).
import http from 'http';
import https from 'https';
import net from 'net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
    args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};

const LOCAL = /^(localhost|127\.0\.0\.1|\[?::1\]?)$/;
for (const mod of [http, https]) {
  for (const name of ['get', 'request']) {
    const original = mod[name];
    mod[name] = function (target, ...rest) {
      const host = typeof target === 'string' || target instanceof URL
        ? new URL(target).hostname : (target.hostname || target.host || 'localhost');
      if (!LOCAL.test(host)) {
        throw new Error(`offline test shop: no request to ${host}`);
      }
      return original.call(this, target, ...rest);
    };
  }
}
