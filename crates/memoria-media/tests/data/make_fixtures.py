#!/usr/bin/env python3
"""Writes the fixtures of memoria-media's tests into this folder.

Run from anywhere: `python3 crates/memoria-media/tests/data/make_fixtures.py`.
Needs Pillow (written with Pillow 13.0; another version may encode the pixels
differently, which changes the bytes but not what the tests check). Every value is
made up: the camera, the serial number and the place (10.5 N, 20.25 W, in the
Atlantic Ocean) belong to no one.

Each fixture stays under 20 KiB.
"""

import io
import os
import struct

from PIL import Image, ImageCms, PngImagePlugin

HERE = os.path.dirname(os.path.abspath(__file__))

XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
    b' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    b'  <rdf:Description rdf:about=""\n'
    b'    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
    b'    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    b'    xmlns:exif="http://ns.adobe.com/exif/1.0/"\n'
    b'    xmp:CreatorTool="Fixture Editor 2.1"\n'
    b'    xmp:CreateDate="2023-05-01T10:22:03+02:00"\n'
    b'    exif:GPSLatitude="10,30.0N"\n'
    b'    exif:GPSLongitude="20,15.0W">\n'
    b'   <xmp:ModifyDate>2023-05-02T08:00:00Z</xmp:ModifyDate>\n'
    b'   <dc:creator><rdf:Seq><rdf:li>Jane Fixture</rdf:li></rdf:Seq></dc:creator>\n'
    b'  </rdf:Description>\n'
    b' </rdf:RDF>\n'
    b'</x:xmpmeta>\n'
    b'<?xpacket end="w"?>'
)


def picture(width, height):
    """A smooth gradient: small once compressed, and every pixel differs from its
    neighbours, so a decoder that went wrong shows."""
    im = Image.new("RGB", (width, height))
    im.putdata(
        [
            ((x * 255) // width, (y * 255) // height, ((x + y) * 3) % 256)
            for y in range(height)
            for x in range(width)
        ]
    )
    return im


def exif(with_gps=True):
    e = Image.Exif()
    e[0x010F] = "MemoriaTestCam"  # Make
    e[0x0110] = "Model X-1"  # Model
    e[0x0131] = "make_fixtures.py"  # Software
    e[0x0112] = 1  # Orientation
    e[0x0132] = "2023:05:01 11:00:00"  # DateTime (last change)
    e[0x013B] = "Jane Fixture"  # Artist
    sub = e.get_ifd(0x8769)  # the Exif IFD
    sub[0x9003] = "2023:05:01 10:22:03"  # DateTimeOriginal
    sub[0x9011] = "+02:00"  # OffsetTimeOriginal
    sub[0xA431] = "SN-0001"  # BodySerialNumber
    if with_gps:
        gps = e.get_ifd(0x8825)
        gps[1] = "N"  # GPSLatitudeRef
        gps[2] = (10.0, 30.0, 0.0)  # GPSLatitude: 10° 30' 0" = 10.5
        gps[3] = "W"  # GPSLongitudeRef
        gps[4] = (20.0, 15.0, 0.0)  # GPSLongitude: 20° 15' 0" = 20.25
        gps[5] = b"\x00"  # GPSAltitudeRef: above sea level
        gps[6] = 123.5  # GPSAltitude
        gps[7] = (8.0, 22.0, 3.0)  # GPSTimeStamp, UTC
        gps[29] = "2023:05:01"  # GPSDateStamp
    return e.tobytes()


def c2pa_superbox():
    """A fake C2PA manifest store: an ISO 19566-5 JUMBF superbox labelled `c2pa`
    holding one JSON box. Only the framing is real: no claim, no signature."""
    c2pa_uuid = b"c2pa" + bytes.fromhex("00110010800000aa00389b71")
    jumd = c2pa_uuid + b"\x03" + b"c2pa\x00"
    jumd_box = struct.pack(">I", 8 + len(jumd)) + b"jumd" + jumd
    content = b'{"fake":"manifest store, not a real claim"}' * 3
    json_box = struct.pack(">I", 8 + len(content)) + b"json" + content
    body = jumd_box + json_box
    return struct.pack(">I", 8 + len(body)) + b"jumb" + body


def jumbf_app11_segments(superbox):
    """The superbox as JPEG APP11 segments in the JPEG XT box format, split over two
    segments the way a long store is: each repeats the box's length and type."""
    header, body = superbox[:8], superbox[8:]
    first, rest = body[:60], body[60:]
    segments = []
    for seq, chunk in ((1, header + first), (2, header + rest)):
        payload = b"JP" + struct.pack(">HI", 1, seq) + chunk
        segments.append(b"\xff\xeb" + struct.pack(">H", 2 + len(payload)) + payload)
    return b"".join(segments)


def insert_after_app0(jpeg, segment):
    assert jpeg[:4] == b"\xff\xd8\xff\xe0"
    app0_len = struct.unpack(">H", jpeg[4:6])[0]
    at = 4 + app0_len
    return jpeg[:at] + segment + jpeg[at:]


def write(name, data):
    assert len(data) < 20 * 1024, f"{name} is {len(data)} bytes"
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes")


def main():
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # Little CMS stamps the profile with the time of creation: fix it, so that the
    # fixtures come out the same on every run.
    icc[24:36] = struct.pack(">6H", 2023, 1, 1, 0, 0, 0)
    icc = bytes(icc)

    # A JPEG carrying everything: EXIF with GPS, XMP, ICC, a comment, C2PA.
    buf = io.BytesIO()
    picture(64, 48).save(
        buf, "JPEG", quality=85, exif=exif(), xmp=XMP, icc_profile=icc,
        comment=b"taken near the river",
    )
    segments = jumbf_app11_segments(c2pa_superbox())
    write("photo.jpg", insert_after_app0(buf.getvalue(), segments))

    # A progressive JPEG (several scans with tables between them), EXIF without GPS.
    buf = io.BytesIO()
    picture(40, 30).save(buf, "JPEG", quality=80, progressive=True, exif=exif(False))
    write("progressive.jpg", buf.getvalue())

    # A PNG with eXIf, tEXt, iTXt XMP, tIME, an ICC profile and a fake caBX.
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Fixture")
    info.add_text("Comment", "taken near the river")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode("utf-8"))
    info.add(b"tIME", struct.pack(">HBBBBB", 2023, 5, 1, 10, 22, 3))
    info.add(b"caBX", c2pa_superbox())
    buf = io.BytesIO()
    picture(32, 24).save(buf, "PNG", exif=exif(), pnginfo=info, icc_profile=icc)
    write("photo.png", buf.getvalue())

    # A lossy WebP (extended format, VP8X) with ICC, EXIF and XMP chunks.
    buf = io.BytesIO()
    picture(32, 24).save(buf, "WEBP", quality=80, exif=exif(), xmp=XMP, icc_profile=icc)
    write("photo.webp", buf.getvalue())

    # An AVIF (the HEIF container) with EXIF in an `Exif` item.
    buf = io.BytesIO()
    picture(16, 16).save(buf, "AVIF", quality=50, exif=exif())
    write("photo.avif", buf.getvalue())

    # A one-page PDF with an uncompressed XMP metadata stream; and the same bytes
    # under a name that claims a JPEG.
    pdf = minimal_pdf()
    write("report.pdf", pdf)
    write("pdf-named.jpg", pdf)

    # The first half of the photo: a capture cut short.
    with open(os.path.join(HERE, "photo.jpg"), "rb") as f:
        photo = f.read()
    write("truncated.jpg", photo[: len(photo) // 2])

    # Bytes from a fixed linear congruential generator: no format at all.
    state, out = 12345, bytearray()
    for _ in range(4096):
        state = (state * 1103515245 + 12345) % 2**31
        out.append(state >> 16 & 0xFF)
    write("garbage.bin", bytes(out))


def minimal_pdf():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(XMP)
        + XMP
        + b"\nendstream",
        b"<< /Author (Jane Fixture) /Producer (make_fixtures.py) >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


if __name__ == "__main__":
    main()
