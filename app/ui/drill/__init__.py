"""The drill planner, coordinator console, presenter window and hot-wash page (PySide6).

Everything here is built on the Qt-free engine (``app.drill``) alone; no drill rule
lives in a widget:

* ``drill_type``: drill files as a document type of the main window (planner editor);
* ``runner``: a live ``DrillSession`` driven one journal write at a time, off the GUI
  thread, published to the widgets as immutable ``Snapshot``s;
* ``console``: the coordinator's window (clock, injects, quick-entry log, marks);
* ``presenter``: the projector window, rendered from ``public_state()`` only;
* ``hotwash``: the 现场点评 page (metrics and findings) after the drill;
* ``resume``: offering an unfinished session after a crash;
* ``active``: the drill files whose sessions are running (in the settings);
* ``dialogs``: every modal question of these windows, as replaceable functions.
"""
