"""Draw the installable app's icons (static/icons/*.png) with Pillow: a white house with a heart
on the station's blue. Run once after changing the drawing; the PNG files are committed."""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (13, 110, 253, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def icon(size: int, *, maskable: bool = False) -> Image.Image:
    image = Image.new("RGBA", (size, size), BLUE if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    scale = size / 512
    # A maskable icon may be cut to a circle: keep the drawing inside the safe zone.
    inset = 0.8 if maskable else 1.0

    def at(x, y):
        return ((256 + (x - 256) * inset) * scale, (256 + (y - 256) * inset) * scale)

    if not maskable:
        draw.rounded_rectangle([0, 0, size - 1, size - 1], radius=int(96 * scale), fill=BLUE)
    draw.polygon([at(256, 96), at(432, 248), at(80, 248)], fill=WHITE)
    draw.rectangle([at(128, 240), at(384, 416)], fill=WHITE)
    draw.ellipse([at(200, 270), at(260, 330)], fill=BLUE)
    draw.ellipse([at(252, 270), at(312, 330)], fill=BLUE)
    draw.polygon([at(204, 310), at(308, 310), at(256, 378)], fill=BLUE)
    return image


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(180).save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
