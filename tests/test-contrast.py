#!/usr/bin/env python3
# TAP: every text colour ui/style.css sets on a background it sets meets
# WCAG 2.1 AA (4.5:1, https://www.w3.org/TR/WCAG21/#contrast-minimum), and
# dimmed text keeps 4.5:1 on Adwaita's light and dark windows and on the
# patient banner.
import re
import sys

css = open(sys.argv[1] + '/ui/style.css').read()
NAMED = {'white': 'ffffff', 'black': '000000'}


def rgb(text):
    text = NAMED.get(text, text.lstrip('#'))
    return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(c):
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(fg, bg, alpha):
    return tuple(b + alpha * (f - b) for f, b in zip(fg, bg))


checks = []
colour = r'(#[0-9a-fA-F]{6}|white|black)\b'
for selector, body in re.findall(r'([^{}]+)\{([^}]*)\}', re.sub(r'/\*.*?\*/', '', css, flags=re.S)):
    bg = re.search(r'background-color:\s*' + colour, body)
    fg = re.search(r'(?<![-\w])color:\s*' + colour, body)
    if bg and fg:
        checks.append((selector.strip().replace('\n', ' '), rgb(fg.group(1)), rgb(bg.group(1))))
# text on the patient banner's study-change flash inherits the banner's white
flash = re.search(r'\.patient-banner\.switched\s*\{[^}]*background-color:\s*' + colour, css)
checks.append(('.patient-banner.switched (white text)', rgb('white'), rgb(flash.group(1))))

# dimmed status-bar text: Adwaita's text and window colours, light and dark
dim = re.search(r'(?m)^\.dim-label\s*\{[^}]*opacity:\s*([0-9.]+)', css)
opacity = float(dim.group(1)) if dim else 0.55   # GTK 4.8 Adwaita's own
for name, fg, bg in (('light window', '2e3436', 'f6f5f4'), ('dark window', 'ffffff', '353535'),
                     ('patient banner', 'ffffff', '1c3f73')):
    checks.append(('.dim-label on the %s' % name, mix(rgb(fg), rgb(bg), opacity), rgb(bg)))

print('1..%d' % len(checks))
failed = 0
for n, (what, fg, bg) in enumerate(checks, 1):
    ratio = contrast(fg, bg)
    ok = ratio >= 4.5
    failed += not ok
    print('%s %d - %s: %.2f:1' % ('ok' if ok else 'not ok', n, what, ratio))
sys.exit(1 if failed else 0)
