"""Advance widths of a TrueType font's characters, read from its cmap
(format 4) and hmtx tables: the width of a text as the font draws it."""
import struct


class Font:
    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        n = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(n):
            tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            tables[tag.decode("latin-1")] = (off, length)
        self.upem = struct.unpack(">H", data[tables["head"][0] + 18:tables["head"][0] + 20])[0]
        hhea = tables["hhea"][0]
        n_metrics = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
        hmtx = tables["hmtx"][0]
        adv = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0]
               for i in range(n_metrics)]
        self.cmap = self._cmap(data, tables["cmap"][0])
        self.adv = adv

    @staticmethod
    def _cmap(data, base):
        n = struct.unpack(">H", data[base + 2:base + 4])[0]
        for i in range(n):
            pid, eid, off = struct.unpack(">HHI", data[base + 4 + 8 * i:base + 12 + 8 * i])
            t = base + off
            if (pid, eid) == (3, 1) and struct.unpack(">H", data[t:t + 2])[0] == 4:
                break
        else:
            raise ValueError("no Unicode BMP cmap")
        segs = struct.unpack(">H", data[t + 6:t + 8])[0] // 2
        arr = lambda k: struct.unpack(">%dH" % segs, data[t + 14 + k * 2 * segs + 2 * (k > 0):
                                                          t + 14 + (k + 1) * 2 * segs + 2 * (k > 0)])
        ends, starts, deltas, ranges = arr(0), arr(1), arr(2), arr(3)
        ro_base = t + 16 + 6 * segs
        out = {}
        for s in range(segs):
            for c in range(starts[s], ends[s] + 1):
                if c == 0xFFFF:
                    continue
                if ranges[s] == 0:
                    g = (c + deltas[s]) & 0xFFFF
                else:
                    p = ro_base + 2 * s + ranges[s] + 2 * (c - starts[s])
                    g = struct.unpack(">H", data[p:p + 2])[0]
                    g = (g + deltas[s]) & 0xFFFF if g else 0
                out[c] = g
        return out

    def width(self, text, size):
        """Width of text at `size` (pixels per em)."""
        units = 0
        for ch in text:
            g = self.cmap.get(ord(ch), 0)
            units += self.adv[min(g, len(self.adv) - 1)]
        return units * size / self.upem
