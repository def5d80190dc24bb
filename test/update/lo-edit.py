#!/usr/bin/python3
# Edit a deck the way a person would, through LibreOffice itself (UNO), and save it as .pptx.
# Used by test/update/update-libreoffice.test.ts; run with the system python that has python3-uno.
#
#   lo-edit.py IN.pptx OUT.pptx PROFILE_DIR
#
# Starts its own headless soffice (private profile, pipe named after the profile), then:
#   - moves and resizes the chart of slide `highlights.genai`: a picture gets a red 2 pt border, a native
#     chart has its series (and any coloured data points) recoloured red
#   - rewrites that slide's title (quoting a figure of the old data)
#   - duplicates slide `highlights.collaboration`
#   - deletes slide `highlights.security`
#   - adds a slide of its own with a text box
#   - swaps the order of slides `highlights.adoption` and `highlights.gap` (the one after it once security is gone)
# and prints one JSON line with what it did (geometry in 1/100 mm, as UNO measures).
import json
import re
import os
import subprocess
import sys
import time

import uno
from com.sun.star.awt import Point, Size
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(profile):
    pipe = "sd" + str(abs(hash(profile)) % 10**9)
    soffice = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--accept=pipe,name=" + pipe + ";urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 90
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
            return soffice, ctx
        except Exception:
            if time.time() > deadline or soffice.poll() is not None:
                soffice.kill()
                raise
            time.sleep(0.5)


def shape_named(page, name):
    # Moving or copying a slide makes LibreOffice rename its shapes "<name> 1": compare without that.
    for i in range(page.getCount()):
        s = page.getByIndex(i)
        if re.sub(r" \d+$", "", s.getName()) == name:
            return s
    return None


def page_with(pages, name):
    for i in range(pages.getCount()):
        if shape_named(pages.getByIndex(i), name) is not None:
            return i, pages.getByIndex(i)
    raise SystemExit("no slide has a shape named " + name)


def title_of(page):
    for i in range(page.getCount()):
        s = page.getByIndex(i)
        if s.getShapeType() == "com.sun.star.presentation.TitleTextShape":
            return s
    return None


def main():
    src, dst, profile = sys.argv[1], sys.argv[2], sys.argv[3]
    soffice, ctx = connect(profile)
    try:
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        # Not hidden: the slide sorter commands (.uno:MovePageDown) need a view; headless, nothing shows.
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", False),))
        pages = doc.getDrawPages()
        done = {}

        # Move, resize and outline the chart.
        _, genai = page_with(pages, "sd:highlights.genai/chart")
        chart = shape_named(genai, "sd:highlights.genai/chart")
        chart.setPosition(Point(2000, 3500))
        chart.setSize(Size(15000, 8000))
        done["chart"] = {"x": 2000, "y": 3500, "w": 15000, "h": 8000}
        if chart.getShapeType() == "com.sun.star.drawing.OLE2Shape":
            # A native chart: recolour its series, and every data point that has a colour of its own.
            model = chart.Model
            for series in model.getFirstDiagram().getCoordinateSystems()[0].getChartTypes()[0].getDataSeries():
                series.Color = 0xC00000
                for index in series.getPropertyValue("AttributedDataPoints") or ():
                    series.getDataPointByIndex(index).Color = 0xC00000
            model.setModified(True)
            done["chart"]["recoloured"] = "C00000"
        else:
            # A picture: give it a red 2 pt border.
            chart.LineStyle = uno.Enum("com.sun.star.drawing.LineStyle", "SOLID")
            chart.LineColor = 0xC00000
            chart.LineWidth = 71  # 2 pt in 1/100 mm
            done["chart"]["lineColor"] = "C00000"

        # Rewrite a title, quoting a figure of the data the deck was built from.
        title = title_of(genai)
        title.setString("AI work: 84% of our OSPOs are in")
        done["title"] = title.getString()

        # Duplicate a slide (the copy lands right after it).
        index, collaboration = page_with(pages, "sd:highlights.collaboration/chart")
        doc.getCurrentController().setCurrentPage(collaboration)
        doc.duplicate(collaboration)
        done["duplicated"] = index + 1

        # Delete a slide.
        _, security = page_with(pages, "sd:highlights.security/chart")
        pages.remove(security)

        # Add a slide of our own at the end.
        mine = pages.insertNewByIndex(pages.getCount() - 1)
        box = doc.createInstance("com.sun.star.drawing.TextShape")
        mine.add(box)
        box.setPosition(Point(2000, 2000))
        box.setSize(Size(20000, 3000))
        box.setString("Our own slide: what we will do next quarter")
        box.setName("Our note")

        # Reorder: move the adoption slide one down (after the gap slide) with the slide sorter's command.
        adoption_index, adoption = page_with(pages, "sd:highlights.adoption/chart")
        controller = doc.getCurrentController()
        controller.setCurrentPage(adoption)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        dispatcher.executeDispatch(controller.getFrame(), ".uno:MovePageDown", "", 0, ())
        after, _ = page_with(pages, "sd:highlights.adoption/chart")
        done["moved"] = {"from": adoption_index + 1, "to": after + 1}

        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "Impress MS PowerPoint 2007 XML"),))
        done["slides"] = pages.getCount()
        doc.close(True)
        print(json.dumps(done))
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            soffice.wait(timeout=30)
        except Exception:
            soffice.kill()


if __name__ == "__main__":
    main()
