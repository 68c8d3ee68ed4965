@echo off
rem `billops` for the installed desktop app: runs the app in CLI mode (--cli). Put this folder on PATH.
"%~dp0..\..\BillOps Tracker.exe" --cli %*
