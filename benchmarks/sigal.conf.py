# sigal settings for the photovoice benchmark (sigal reads this file with exec; it is
# sigal's format, not photovoice's). The benchmark passes the source folder
# (<corpus>/content/participants: one album per participant), the destination and
# `-n <jobs>` on the command line.
#
# The job is set to match photovoice's "sigal-like" build (exhibition.yaml
# `build: {widths: [2048, 400], formats: [jpeg]}`): one 2048 px JPEG (sigal fits it in
# a 2048 x 1536 box, turned for portrait photos) and one 400 px thumbnail per photo,
# with photovoice's JPEG settings (quality 82, baseline, optimized Huffman tables; sigal's
# default is progressive: 0.088 instead of 0.031 CPU s per 2048 x 1536 file here; run.py
# also measures sigal with it). Everything else is off: no original copies, no EXIF
# copy, no zip, no video, no map, no plugins. sigal's default theme (colorbox) writes
# the HTML pages.

theme = "colorbox"
img_processor = "ResizeToFit"
img_size = (2048, 1536)
thumb_size = (400, 300)
thumb_fit = True
jpg_options = {"quality": 82, "optimize": True}
autorotate_images = True
copy_exif_data = False
keep_orig = False
use_orig = False
make_thumbs = True
zip_gallery = False
video_extensions = []
img_extensions = [".jpg", ".jpeg"]
show_map = False
plugins = []
write_html = True
